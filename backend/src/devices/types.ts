import type { DeviceType, PassHours, Scope, ServiceRate } from "hasync";
import type { CallServiceRequest, HaServices } from "../ha/types.js";
import type { UserDataAccess } from "../user-data/service.js";

/** A paired device as the backend holds it (never with its token). */
export interface DeviceRecord {
  id: string;
  name: string;
  type: DeviceType;
  model: string | null;
  scope: Scope;
  createdAt: number;
  /** Unix ms; null = never expires. */
  expiresAt: number | null;
  /** Admin's choice: `auth/current_user` says `is_admin: true`. Changes no scope or permission. */
  presentsAsAdmin: boolean;
  /** Weekly hours of the pass, in HA's time zone; null = any time. */
  hours: PassHours | null;
  /** The invite link that made this device (a guest pass), or null. */
  inviteId: string | null;
  /** Its own service-call rate; null = the default. */
  rate: ServiceRate | null;
  /** HA dashboards it may open in HA's interface besides its generated Overview (url_paths). */
  dashboards: readonly string[];
  /** The HA login client (`client_id`) that paired it through `/auth/authorize`, or null. */
  clientId: string | null;
}

/** A device as pairing approves it: not presented as an administrator unless said so, any time. */
type Defaulted = "presentsAsAdmin" | "hours" | "inviteId" | "rate" | "dashboards" | "clientId";
export type NewDevice = Omit<DeviceRecord, Defaulted> & Partial<Pick<DeviceRecord, Defaulted>>;

export interface ScopeChange {
  deviceId: string;
  /** Entity ids that entered / left the device's resolved scope. */
  added: readonly string[];
  removed: readonly string[];
  /** The scope definition now (access may have changed even when no entity moved). */
  scope: Scope;
}

export type ServiceDecision =
  | {
      ok: true /** The call rewritten to explicit in-scope entity ids; forward this, never the original. */;
      request: CallServiceRequest;
      /**
       * The acted-on entities whose access is `confirm` (guard.ts): non-empty means the call is
       * held until the admin allows it. Empty: forward at once.
       */
      confirm: readonly string[];
    }
  | {
      ok: false;
      reason: string;
      /**
       * The device may be told the reason, because it is about the device's own pass or limits
       * and names nothing outside its scope: `hours` (outside its pass's hours, HA's
       * `home_assistant_error`) or `limit` (a value beyond its limits, HA's
       * `service_validation_error`). Other reasons stay in the audit log.
       */
      tell?: "hours" | "limit";
    };

export interface DeviceAccessEvents {
  /** The resolved entity set or the scope's access changed (scope edit, registry move, entity added/removed). */
  scopeChanged: (change: ScopeChange) => void;
  /** The device was revoked or its expiry passed: close its connections now. */
  revoked: (deviceId: string) => void;
}

/**
 * What the device gateway needs from pairing/devices: token authentication, the live resolved
 * scope, and service-call authorisation. Cheap enough to call on every message.
 */
export interface DeviceAccess {
  /** The device for a bearer token, or null (unknown, revoked or expired). Records last seen in memory. */
  authenticate(token: string, ip: string): DeviceRecord | null;
  /** HA's WebSocket auth message: as `authenticate`, and a screen's single-use ticket is accepted once. */
  authenticateSocket(credential: string, ip: string): DeviceRecord | null;
  /** The device's current record (null once revoked/expired). */
  device(deviceId: string): DeviceRecord | null;
  /** Live resolved entity ids the device may see. */
  entitiesOf(deviceId: string): ReadonlySet<string>;
  canSee(deviceId: string, entityId: string): boolean;
  /**
   * Live: the device is presented to HA clients as an administrator (`auth/current_user`
   * `is_admin`, HA-admin-only event subscriptions accepted and filtered). False for unknown devices.
   */
  presentsAsAdmin(deviceId: string): boolean;
  /** The device's own frontend user data (HAsync's database, never HA's). */
  readonly userData: UserDataAccess;
  /** Decides a service call; a refusal is audited by the caller via `recordRefusedCall`. */
  authorizeServiceCall(deviceId: string, request: CallServiceRequest): ServiceDecision;
  /** `get_services` limited to what the device may call (empty for read-only scopes). */
  allowedServices(deviceId: string, all: HaServices): HaServices;
  recordRefusedCall(deviceId: string, ip: string, request: CallServiceRequest, reason: string): void;
  /** Presence for the admin's "online" column. */
  connectionOpened(deviceId: string): void;
  connectionClosed(deviceId: string): void;
  on<E extends keyof DeviceAccessEvents>(event: E, listener: DeviceAccessEvents[E]): () => void;
}
