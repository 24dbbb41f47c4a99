import type { Device, EntityAccess, ServiceRate } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { clipText } from "../audit/clip.js";
import { Emitter } from "../ha/emitter.js";
import type { CallServiceRequest, HaMirror, HaServices } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import type { UserDataAccess } from "../user-data/service.js";
import { accessIn } from "./access.js";
import { PassBook, type PassOf } from "./passes.js";
import { Presence } from "./presence.js";
import { ResolvedScopes } from "./resolved.js";
import { allowedServices, authorizeServiceCall } from "./scope.js";
import type { DeviceChanges, DeviceStore, StoredDevice } from "./store.js";
import { looksLikeDeviceToken, newDeviceToken, sha256 } from "./tokens.js";
import type { DeviceAccess, DeviceAccessEvents, DeviceRecord, NewDevice, ServiceDecision } from "./types.js";
import { deviceView } from "./view.js";

export interface DevicesServiceEvents extends DeviceAccessEvents {
  /** Admin-facing: a device's record, presence or entity count changed. */
  updated: (device: Device) => void;
  removed: (deviceId: string) => void;
}

export interface DevicesServiceOptions {
  store: DeviceStore;
  mirror: HaMirror;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  /** Per-device frontend user data; its rows go with the device (ON DELETE CASCADE). */
  userData: UserDataAccess;
  /** How often last-seen times are written (not a DB write per request). */
  flushEveryMs?: number;
  /**
   * Screens' WebSocket tickets: the device id for a ticket (once), null for a ticket that is not
   * (or no longer) valid, undefined when the credential is not a ticket at all.
   */
  tickets?: { redeem(credential: string): string | null | undefined };
  /**
   * Access tokens minted by HA's login flow (`/auth/token`): the device id for a live one, null
   * for one that is unknown or expired, undefined when the credential is not an access token.
   */
  accessTokens?: { deviceOf(credential: string): string | null | undefined };
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Paired devices in memory: token lookup by hash, the live resolved scope of each device, and
 * presence. SQLite holds the truth; this keeps the hot path free of queries.
 */
export class DevicesService implements DeviceAccess {
  private readonly devices = new Map<string, StoredDevice>();
  private readonly byTokenHash = new Map<string, string>();
  private readonly resolved: ResolvedScopes;
  private readonly presence: Presence;
  private readonly expiredNotified = new Set<string>();
  private readonly emitter: Emitter<DevicesServiceEvents>;
  private readonly passes: PassBook;
  private unsubscribers: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DevicesServiceOptions) {
    this.passes = new PassBook({ mirror: options.mirror, now: options.now });
    this.resolved = new ResolvedScopes(options.mirror, (change, tellAdmin) => {
      this.emitter.emit("scopeChanged", change);
      if (tellAdmin) this.emitUpdated(change.deviceId);
    });
    this.presence = new Presence(options.store);
    this.emitter = new Emitter((event, error) =>
      options.log.error("device listener failed", { event, error }),
    );
  }

  start(): void {
    for (const device of this.options.store.all()) this.cache(device);
    const { mirror } = this.options;
    this.unsubscribers = [
      mirror.on("registries", () => this.recomputeAll()),
      mirror.on("states", (changes) => this.resolved.onStates(this.devices.values(), changes)),
    ];
    let sinceFlush = 0;
    this.timer = setInterval(() => {
      this.expireDue();
      // A pass closing outside its hours ends its sessions as revoking does; nothing is deleted.
      for (const id of this.passes.newlyClosed(this.devices.values())) this.emitter.emit("revoked", id);
      sinceFlush += 1000;
      if (sinceFlush >= (this.options.flushEveryMs ?? 30_000)) {
        sinceFlush = 0;
        this.presence.flush(this.devices);
      }
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    this.presence.flush(this.devices);
  }

  on<E extends keyof DevicesServiceEvents>(event: E, listener: DevicesServiceEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  // --- pairing ---------------------------------------------------------------------------

  /** An approved device waiting for its token to be collected. */
  add(approved: NewDevice): void {
    const device: DeviceRecord = {
      ...approved,
      presentsAsAdmin: approved.presentsAsAdmin ?? false,
      hours: approved.hours ?? null,
      inviteId: approved.inviteId ?? null,
      rate: approved.rate ?? null,
      dashboards: approved.dashboards ?? [],
      clientId: approved.clientId ?? null,
    };
    this.options.store.insert(device);
    this.cache({ ...device, tokenHash: null, lastSeenAt: null, lastIp: null });
    this.emitUpdated(device.id);
  }

  /** Mints the device's token; returns it once, or null when it was already collected. */
  issueToken(deviceId: string): string | null {
    const token = newDeviceToken();
    const hash = sha256(token);
    if (!this.options.store.setTokenHash(deviceId, hash)) return null;
    const device = this.devices.get(deviceId);
    if (device) {
      device.tokenHash = hash;
      this.byTokenHash.set(hash, deviceId);
    }
    return token;
  }

  // --- DeviceAccess (the gateway's hot path) ---------------------------------------------

  /** A device token, or an access token from HA's login flow (REST bearer and WebSocket `auth`). */
  authenticate(token: string, ip: string): DeviceRecord | null {
    const minted = this.options.accessTokens?.deviceOf(token);
    if (minted !== undefined) return this.admit(minted ?? undefined, ip);
    return this.admit(looksLikeDeviceToken(token) ? this.byTokenHash.get(sha256(token)) : undefined, ip);
  }

  /** HA's WebSocket auth: a device token, or a screen's single-use ticket (screen/tickets.ts). */
  authenticateSocket(credential: string, ip: string): DeviceRecord | null {
    const ticketed = this.options.tickets?.redeem(credential);
    return ticketed === undefined ? this.authenticate(credential, ip) : this.admit(ticketed ?? undefined, ip);
  }

  /** The device for a token even when its pass has expired (`ended`), so a screen can say so. */
  bearer(token: string): { device: DeviceRecord; ended: boolean } | null {
    const id = looksLikeDeviceToken(token) ? this.byTokenHash.get(sha256(token)) : undefined;
    const device = id === undefined ? undefined : this.devices.get(id);
    return device ? { device, ended: this.isExpired(device) } : null;
  }

  private admit(id: string | undefined, ip: string): DeviceRecord | null {
    const device = id === undefined ? undefined : this.devices.get(id);
    if (!device || this.isExpired(device) || this.passes.closed(device)) return null;
    if (this.presence.signedIn(device, this.options.now(), ip)) this.emitUpdated(device.id);
    return device;
  }

  device(deviceId: string): DeviceRecord | null {
    const device = this.devices.get(deviceId);
    // A pass closed outside its hours sees nothing (a camera URL signed earlier included).
    return device && !this.isExpired(device) && !this.passes.closed(device) ? device : null;
  }

  entitiesOf(deviceId: string): ReadonlySet<string> {
    return this.device(deviceId) ? (this.resolved.of(deviceId) ?? EMPTY) : EMPTY;
  }

  canSee(deviceId: string, entityId: string): boolean {
    return this.entitiesOf(deviceId).has(entityId);
  }

  get userData(): UserDataAccess {
    return this.options.userData;
  }

  presentsAsAdmin(deviceId: string): boolean {
    return this.device(deviceId)?.presentsAsAdmin ?? false;
  }

  /** What the device's weekly hours allow now, and when that changes; null for an unknown device. */
  passOf(deviceId: string): PassOf | null {
    const device = this.devices.get(deviceId);
    return device ? this.passes.of(device) : null;
  }

  authorizeServiceCall(deviceId: string, request: CallServiceRequest): ServiceDecision {
    const stored = this.devices.get(deviceId);
    const outsideHours = stored ? this.passes.refusal(stored) : null;
    if (outsideHours !== null) return { ok: false, reason: outsideHours, tell: "hours" };
    const device = this.device(deviceId);
    if (!device) return { ok: false, reason: "this device is no longer paired" };
    return authorizeServiceCall(device.scope, this.entitiesOf(deviceId), request, this.options.mirror);
  }

  /**
   * One entity's access for the device (guard.ts `effectiveAccess`: its rule, its domain's, else
   * the scope's access, with locks, alarms, valves, garage doors and gates on confirm), or null when
   * the entity is not in the device's resolved scope (hidden ones never are) or the device is gone
   * (revoked, expired, or its pass closed outside its hours). A pass that is read-only outside its
   * hours does not change the answer: the hours are checked separately (`passOf`, and on every call
   * by `authorizeServiceCall`), so whoever shows what a device may do now reads both.
   */
  accessOf(deviceId: string, entityId: string): EntityAccess | null {
    const device = this.device(deviceId);
    if (!device || !this.entitiesOf(deviceId).has(entityId)) return null;
    return accessIn(device.scope, entityId, this.options.mirror);
  }

  /** The device's own service-call rate, or null for the default (read on every call). */
  rateOf(deviceId: string): ServiceRate | null {
    return this.devices.get(deviceId)?.rate ?? null;
  }

  allowedServices(deviceId: string, all: HaServices): HaServices {
    const device = this.device(deviceId);
    return device ? allowedServices(device.scope, this.entitiesOf(deviceId), all) : {};
  }

  /** One entry per device, service and reason within a few minutes, with a count (issue 11). */
  recordRefusedCall(deviceId: string, ip: string, request: CallServiceRequest, reason: string): void {
    const service = clipText(`${request.domain}.${request.service}`);
    const shownReason = clipText(reason);
    const deviceName = this.devices.get(deviceId)?.name;
    this.options.audit.recordRepeated("gateway.call_refused", {
      key: JSON.stringify([deviceId, service, shownReason]),
      actor: deviceId,
      ip,
      detail: { service, reason: shownReason, device_name: deviceName },
      overflowDetail: { reason: "other calls, too many kinds to list one by one", device_name: deviceName },
    });
  }

  connectionOpened(deviceId: string): void {
    if (this.presence.opened(deviceId)) this.emitUpdated(deviceId);
  }

  connectionClosed(deviceId: string): void {
    if (this.presence.closed(deviceId)) this.emitUpdated(deviceId);
  }

  // --- admin -----------------------------------------------------------------------------

  list(): Device[] {
    return [...this.devices.keys()].map((id) => this.view(id)).filter((d): d is Device => d !== null);
  }

  view(deviceId: string): Device | null {
    const d = this.devices.get(deviceId);
    if (!d) return null;
    return deviceView(d, {
      seen: this.presence.seen(deviceId),
      online: this.presence.online(deviceId),
      entityCount: this.resolved.of(deviceId)?.size ?? 0,
    });
  }

  update(deviceId: string, fields: DeviceChanges): Device | null {
    const device = this.devices.get(deviceId);
    if (!device) return null;
    this.options.store.update(deviceId, fields);
    if (fields.name !== undefined) device.name = fields.name;
    if (fields.presentsAsAdmin !== undefined) device.presentsAsAdmin = fields.presentsAsAdmin;
    if (fields.hours !== undefined) device.hours = fields.hours;
    if (fields.rate !== undefined) device.rate = fields.rate;
    if (fields.expiresAt !== undefined) {
      device.expiresAt = fields.expiresAt;
      this.expiredNotified.delete(deviceId);
    }
    if (fields.scope !== undefined) {
      device.scope = fields.scope;
      this.resolved.recompute(device, true);
    }
    if (fields.dashboards !== undefined) {
      device.dashboards = fields.dashboards;
      // What its HA interface may open changed, no entity did: its sockets' subscriptions re-read
      // their view (events-ws: panels_updated, lovelace_updated).
      this.emitter.emit("scopeChanged", { deviceId, added: [], removed: [], scope: device.scope });
    }
    this.emitUpdated(deviceId);
    return this.view(deviceId);
  }

  /** Deletes the device; its token stops working at once and its sockets are closed. */
  revoke(deviceId: string): boolean {
    const device = this.devices.get(deviceId);
    if (!device || !this.options.store.delete(deviceId)) return false;
    this.forget(device);
    this.emitter.emit("revoked", deviceId);
    this.emitter.emit("removed", deviceId);
    return true;
  }

  /** Drops a device that was approved but never collected its token. */
  discardUncollected(deviceId: string): void {
    const device = this.devices.get(deviceId);
    if (device && device.tokenHash === null) this.revoke(deviceId);
  }

  // --- internals -------------------------------------------------------------------------

  private cache(device: StoredDevice): void {
    this.devices.set(device.id, device);
    if (device.tokenHash !== null) this.byTokenHash.set(device.tokenHash, device.id);
    this.resolved.add(device);
  }

  private forget(device: StoredDevice): void {
    this.devices.delete(device.id);
    if (device.tokenHash !== null) this.byTokenHash.delete(device.tokenHash);
    this.resolved.delete(device.id);
    this.presence.forget(device.id);
    this.expiredNotified.delete(device.id);
    this.passes.forget(device.id);
  }

  private isExpired(device: DeviceRecord): boolean {
    return device.expiresAt !== null && device.expiresAt <= this.options.now();
  }

  private expireDue(): void {
    for (const device of this.devices.values()) {
      if (!this.isExpired(device) || this.expiredNotified.has(device.id)) continue;
      this.expiredNotified.add(device.id);
      this.options.log.info("device pass expired", { device_id: device.id });
      this.emitter.emit("revoked", device.id);
      this.emitUpdated(device.id);
    }
  }

  private recomputeAll(): void {
    for (const device of this.devices.values()) this.resolved.recompute(device, false);
  }

  private emitUpdated(deviceId: string): void {
    const view = this.view(deviceId);
    if (view) this.emitter.emit("updated", view);
  }
}
