import { randomBytes, timingSafeEqual } from "node:crypto";
import type { DeviceType, Invite, InviteCreated, InviteCreateRequestSchema, NotifyServiceList } from "hasync";
import type { z } from "zod";
import type { AuditLog } from "../audit/audit-log.js";
import type { DevicesService } from "../devices/service.js";
import { newDeviceId, sha256 } from "../devices/tokens.js";
import type { DeviceRecord } from "../devices/types.js";
import { HaCommandError, type HaMirror } from "../ha/types.js";
import { effectiveTimeZone } from "../ha/wall-clock.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../log/logger.js";
import type { InviteRecord, InviteStore } from "./store.js";
import { type InviteStatus, inviteRefusal, inviteView, statusOf } from "./view.js";

/** A recognisable prefix lets secret scanners spot a leaked invite link. */
export const INVITE_SECRET_PREFIX = "hsi_";
/** Most invites that can be in use at once (a household hands out a few; this bounds the table). */
export const MAX_ACTIVE_INVITES = 200;
/** Ended links are kept this long for the admin's list, then forgotten (their devices stay). */
const KEEP_ENDED_MS = 30 * 24 * 3600 * 1000;
const DEVICE_NAME_MAX = 64;

/** 256 random bits, base64url, behind the prefix. Shown once; only its SHA-256 is stored. */
export const newInviteSecret = (): string =>
  `${INVITE_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
export const looksLikeInviteSecret = (value: string): boolean =>
  value.length === INVITE_SECRET_PREFIX.length + 43 && value.startsWith(INVITE_SECRET_PREFIX);
const newInviteId = (): string => `inv_${randomBytes(9).toString("base64url")}`;

export interface InvitesServiceOptions {
  store: InviteStore;
  devices: DevicesService;
  /** HAsync's own Home Assistant link: the notify services and the call that sends a link. */
  mirror: HaMirror;
  audit: AuditLog;
  log: Logger;
  now: () => number;
}

export interface Who {
  actor: string;
  ip: string;
}

/** What the browser says it is (`InviteAcceptRequest` type and model). */
export interface DeviceKind {
  type: DeviceType;
  model: string | null;
}

/** An accepted invite: the new device and its token (for the screen cookie only). */
export interface Accepted {
  device: DeviceRecord;
  token: string;
}

type CreateInput = z.output<typeof InviteCreateRequestSchema>;

/**
 * Invite links (issue 13): the admin picks a scope, an end and optional weekly hours; each use of
 * the link makes its own revocable device with them, up to `max_uses`. Revoking the link revokes
 * every device it made. Unknown secrets are refused as `invite_invalid` (throttled by the route).
 */
export class InvitesService {
  constructor(private readonly o: InvitesServiceOptions) {}

  list(): Invite[] {
    this.o.store.purgeEnded(this.o.now() - KEEP_ENDED_MS);
    const made = this.devicesByInvite();
    const now = this.o.now();
    return this.o.store.all().map((invite) => inviteView(invite, made.get(invite.id) ?? [], now));
  }

  create(input: CreateInput, who: Who, address: string): InviteCreated {
    const now = this.o.now();
    const expiresAt = Date.parse(input.expires_at);
    if (expiresAt <= now) throw new HttpError(400, "invalid_request", "expires_at must be in the future.");
    if (this.o.store.countActive(now) >= MAX_ACTIVE_INVITES) {
      throw new HttpError(
        409,
        "conflict",
        `There are already ${MAX_ACTIVE_INVITES} invite links in use. Revoke some you no longer need first.`,
      );
    }
    const secret = newInviteSecret();
    const record = {
      id: newInviteId(),
      secretHash: sha256(secret),
      name: input.name,
      scope: input.scope,
      expiresAt,
      hours: input.hours,
      maxUses: input.max_uses,
      createdAt: now,
      createdBy: who.actor,
    };
    this.o.store.insert(record);
    this.o.audit.record("invite.created", {
      ...who,
      detail: {
        invite_id: record.id,
        name: record.name,
        scope: record.scope,
        expires_at: new Date(expiresAt).toISOString(),
        hours: record.hours,
        max_uses: record.maxUses,
      },
    });
    const invite = inviteView({ ...record, uses: 0, revokedAt: null }, [], now);
    // The secret rides in the fragment: browsers never send it to a server, a log or a Referer.
    return { invite, secret, url: `${address}invite#${secret}` };
  }

  /** Revokes the link and every device it made; their sessions end at once. False if unknown. */
  revoke(inviteId: string, who: Who): boolean {
    const invite = this.o.store.byId(inviteId);
    if (!invite) return false;
    if (!this.o.store.revoke(inviteId, this.o.now())) return true;
    const deviceIds = this.devicesByInvite().get(inviteId) ?? [];
    for (const id of deviceIds) this.o.devices.revoke(id);
    this.o.audit.record("invite.revoked", {
      ...who,
      detail: { invite_id: inviteId, name: invite.name, device_ids: deviceIds },
    });
    return true;
  }

  /**
   * The public exchange: the secret from the link's fragment becomes a device. Takes one use in
   * a transaction (a conditional update), so two browsers racing for the last use cannot both win.
   */
  accept(secret: string, kind: DeviceKind, ip: string): Accepted {
    const invite = looksLikeInviteSecret(secret) ? this.o.store.bySecretHash(sha256(secret)) : null;
    if (!invite) this.refuse("invalid", null, ip);
    const now = this.o.now();
    const status = statusOf(invite, now);
    if (status !== "active") this.refuse(status, invite, ip);
    const made = this.o.store.transaction(() =>
      this.o.store.takeUse(invite.id, now) ? this.addDevice(invite, kind, now) : null,
    );
    if (made === null) this.refuse("used", invite, ip);
    const { device, use } = made;
    const token = this.o.devices.issueToken(device.id);
    if (token === null) throw new Error("a new device already had a token");
    this.o.audit.record("invite.used", {
      actor: device.name,
      ip,
      detail: {
        invite_id: invite.id,
        name: invite.name,
        device_id: device.id,
        device_name: device.name,
        use,
        max_uses: invite.maxUses,
        type: kind.type,
        model: kind.model,
      },
    });
    this.o.log.info("invite link used", { invite_id: invite.id, device_id: device.id });
    return { device, token };
  }

  /** The device for one use: the invite's name (numbered after the first), scope, end and hours. */
  private addDevice(
    invite: InviteRecord,
    kind: DeviceKind,
    now: number,
  ): { device: DeviceRecord; use: number } {
    const use = this.o.store.byId(invite.id)?.uses ?? invite.uses + 1;
    const device: DeviceRecord = {
      id: newDeviceId(),
      name: numbered(invite.name, use),
      type: kind.type,
      model: kind.model,
      scope: invite.scope,
      createdAt: now,
      expiresAt: invite.expiresAt,
      presentsAsAdmin: false,
      hours: invite.hours,
      inviteId: invite.id,
      rate: null,
      dashboards: [],
      clientId: null,
    };
    this.o.devices.add(device);
    return { device, use };
  }

  /** Where a link can be sent: Home Assistant's `notify` services (one per phone with the companion app). */
  notifyServices(): NotifyServiceList {
    const services = Object.entries(this.o.mirror.services().notify ?? {})
      // `send_message` needs a notify entity as its target; the legacy per-target services do not.
      .filter(([service]) => service !== "send_message")
      .map(([service, description]) => {
        const name = (description as { name?: unknown }).name;
        return {
          service: `notify.${service}`,
          name: typeof name === "string" && name !== "" ? name : service,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return { services };
  }

  /** Sends the link through `notify.<service>` (HA core `components/notify/legacy.py` NOTIFY_SERVICE_SCHEMA). */
  async send(inviteId: string, input: { service: string; secret: string }, who: Who, address: string) {
    const invite = this.o.store.byId(inviteId);
    if (!invite) throw new HttpError(404, "not_found", "No such invite.");
    if (!sameHash(sha256(input.secret), invite.secretHash)) {
      throw new HttpError(403, "forbidden", "That is not this invite's link.");
    }
    const status = statusOf(invite, this.o.now());
    if (status !== "active") {
      throw new HttpError(409, "conflict", `This invite can no longer be sent: it ${inviteRefusal(status)}`);
    }
    const service = input.service.slice("notify.".length);
    if (!this.notifyServices().services.some((s) => s.service === input.service)) {
      throw new HttpError(404, "not_found", `Home Assistant has no notify service ${input.service}.`);
    }
    const url = `${address}invite#${input.secret}`;
    const home = this.o.mirror.config()?.location_name || "Home Assistant";
    try {
      await this.o.mirror.callService({
        domain: "notify",
        service,
        service_data: {
          title: `An invitation to ${home}`,
          message: `You are invited to use ${home} on this phone until ${this.endInWords(invite.expiresAt)}. Open the link to start.`,
          // The companion apps open `url` (iOS) or `clickAction` (Android) when the notification is tapped.
          data: { url, clickAction: url },
        },
      });
    } catch (error) {
      const reason = error instanceof HaCommandError ? error.message : "it did not answer";
      throw new HttpError(503, "unavailable", `Home Assistant could not send the link: ${reason}`);
    }
    this.o.audit.record("invite.sent", {
      ...who,
      detail: { invite_id: invite.id, name: invite.name, service: input.service },
    });
  }

  /** An address locked out for guessing secrets: one entry when the lock starts, not one per try. */
  recordLockout(ip: string, retryAfterS: number): void {
    this.o.audit.record("invite.refused", {
      ip,
      detail: { reason: "too_many_attempts", retry_after_s: retryAfterS },
    });
  }

  private refuse(
    reason: Exclude<InviteStatus, "active"> | "invalid",
    invite: InviteRecord | null,
    ip: string,
  ): never {
    this.o.audit.record("invite.refused", {
      ip,
      detail: { reason: `invite_${reason}`, ...(invite ? { invite_id: invite.id, name: invite.name } : {}) },
    });
    throw inviteError(reason);
  }

  /** "3 Dec 2026, 18:00" on Home Assistant's wall clock, as the household reads it. */
  private endInWords(ms: number): string {
    const zone = effectiveTimeZone(this.o.mirror.config()?.time_zone || "UTC");
    return new Intl.DateTimeFormat("en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: zone,
    }).format(ms);
  }

  private devicesByInvite(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const device of this.o.devices.list()) {
      if (device.invite_id === null) continue;
      out.set(device.invite_id, [...(out.get(device.invite_id) ?? []), device.id]);
    }
    return out;
  }
}

/** The refusal a guest sees, in the screen API's codes (hasync SCREEN_ERROR_CODES). */
export function inviteError(reason: Exclude<InviteStatus, "active"> | "invalid"): HttpError {
  if (reason === "invalid") {
    return new HttpError(404, "invite_invalid", "This invite link is not valid. Ask for a new one.");
  }
  return new HttpError(
    410,
    `invite_${reason}`,
    `This invite link ${inviteRefusal(reason)} Ask for a new one.`,
  );
}

/** "Anna's phone", then "Anna's phone 2", "… 3", within the name limit. */
function numbered(name: string, use: number): string {
  if (use <= 1) return name;
  const suffix = ` ${use}`;
  return `${name.slice(0, DEVICE_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
