import type {
  ApproveRequest,
  DeviceCodeResponse,
  DeviceType,
  PendingPairing,
  Scope,
  ScreenAuthorize,
  TokenErrorCode,
  TokenResponse,
} from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { tooManyAttempts } from "../auth/admin-auth.js";
import { FailureThrottle } from "../auth/throttle.js";
import type { Db } from "../db/database.js";
import type { DevicesService } from "../devices/service.js";
import { newDeviceId, sha256 } from "../devices/tokens.js";
import { Emitter } from "../ha/emitter.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../log/logger.js";
import { newDeviceCode, newUserCode } from "./codes.js";
import { checkPendingRoom } from "./pending-room.js";
import { type PairingRow, toPending } from "./row.js";

export const EXPIRES_IN_S = 600;
export const INTERVAL_S = 5;

/** An approved pairing from `/auth/authorize`, collected: the device waits for its code's exchange. */
export interface AuthorizedPairing {
  deviceId: string;
  clientId: string;
  redirectUri: string;
}

export type PairingStatus = "pending" | "approved" | "denied" | "expired";

/** A token-endpoint answer in RFC 8628's own error shape. */
export class TokenGrantError extends Error {
  constructor(readonly code: TokenErrorCode) {
    super(code);
  }
}

export interface PairingEvents {
  pending: (request: PendingPairing) => void;
  resolved: (userCode: string, outcome: "approved" | "denied" | "expired") => void;
}

export interface PairingServiceOptions {
  db: Db;
  devices: DevicesService;
  audit: AuditLog;
  log: Logger;
  now: () => number;
}

/**
 * The device flow (modelled on RFC 8628): the device asks for codes, the admin approves the
 * short user code, the device collects its token exactly once by polling with the long device
 * code. Only hashes of device codes are stored; tokens are minted at collection.
 */
export class PairingService {
  private readonly events: Emitter<PairingEvents>;
  /** Wrong user codes at approve/deny, per admin client IP. */
  private readonly wrongCodes: FailureThrottle;

  constructor(private readonly o: PairingServiceOptions) {
    this.events = new Emitter((event, error) => o.log.error("pairing listener failed", { event, error }));
    this.wrongCodes = new FailureThrottle({
      freeAttempts: 10,
      baseLockMs: 30_000,
      maxLockMs: 3_600_000,
      forgetAfterMs: 3_600_000,
      maxKeys: 10_000,
      now: o.now,
    });
  }

  on<E extends keyof PairingEvents>(event: E, listener: PairingEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  requestCodes(
    input: {
      name: string;
      type: DeviceType;
      model?: string | undefined;
      /** Already verified by the login flow's IndieAuth rules (ha-login/indieauth.ts). */
      authorize?: ScreenAuthorize | undefined;
    },
    ip: string,
    origin: string,
  ): DeviceCodeResponse {
    this.purgeExpired();
    const now = this.o.now();
    checkPendingRoom(this.o.db, ip, now);
    const deviceCode = newDeviceCode();
    const userCode = this.uniqueUserCode();
    // No `RETURNING`: a write run to completion lets SQLite checkpoint the WAL (see openDatabase).
    const { lastInsertRowid } = this.o.db
      .prepare(
        `INSERT INTO pairing_requests (device_code_hash, user_code, name, type, model, ip, created_at, expires_at, client_id, redirect_uri)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        sha256(deviceCode),
        userCode,
        input.name,
        input.type,
        input.model ?? null,
        ip,
        now,
        now + EXPIRES_IN_S * 1000,
        input.authorize?.client_id ?? null,
        input.authorize?.redirect_uri ?? null,
      );
    const row = this.o.db
      .prepare<[number | bigint], PairingRow>("SELECT * FROM pairing_requests WHERE id = ?")
      .get(lastInsertRowid);
    if (!row) throw new Error("pairing insert returned nothing");
    this.o.audit.record("pairing.requested", {
      actor: input.name,
      ip,
      detail: { type: input.type, model: input.model ?? null },
    });
    this.events.emit("pending", toPending(row, this.o.now()));
    return {
      device_code: deviceCode,
      user_code: userCode,
      // On the LAN port `/` is the device side; the admin UI (its pairing page) is under /admin/.
      verification_uri: `${origin}/admin/pair`,
      verification_uri_complete: `${origin}/admin/pair?code=${userCode}`,
      expires_in: EXPIRES_IN_S,
      interval: INTERVAL_S,
    };
  }

  /**
   * The device's poll. Throws TokenGrantError until there is a token to hand over, once. A screen
   * collects unpaced (`paced: false`): it is told of the decision live and collects at once.
   */
  collectToken(deviceCode: string, paced = true): TokenResponse {
    const row = this.approvedRow(deviceCode, paced);
    // A pairing for an HA login client ends in a code for that client (collectAuthorized), never a token.
    if (row.client_id !== null || row.device_id === null) throw new TokenGrantError("invalid_grant");
    const deviceId = row.device_id;
    const token = this.o.db.transaction(() => {
      this.o.db.prepare("DELETE FROM pairing_requests WHERE id = ?").run(row.id);
      return this.o.devices.issueToken(deviceId);
    })();
    const device = token === null ? null : this.o.devices.device(deviceId);
    if (token === null || !device) throw new TokenGrantError("invalid_grant");
    return { access_token: token, token_type: "Bearer", device_id: deviceId, scope: device.scope };
  }

  /** The HA login client a pairing was started for (`/auth/authorize`), or null. */
  authorizeOf(deviceCode: string): ScreenAuthorize | null {
    const row = this.rowOf(deviceCode);
    return row?.client_id != null && row.redirect_uri !== null
      ? { client_id: row.client_id, redirect_uri: row.redirect_uri }
      : null;
  }

  /**
   * The screen's collect for an HA login client: the request ends, and its device (no token yet:
   * the code exchange at `/auth/token` mints it) goes to the login flow for a code.
   */
  collectAuthorized(deviceCode: string): AuthorizedPairing {
    const row = this.approvedRow(deviceCode, false);
    if (row.client_id === null || row.redirect_uri === null || row.device_id === null) {
      throw new TokenGrantError("invalid_grant");
    }
    this.o.db.prepare("DELETE FROM pairing_requests WHERE id = ?").run(row.id);
    // Revoked since the approval; a pass closed or expired is the code exchange's to refuse (403).
    if (this.o.devices.view(row.device_id) === null) throw new TokenGrantError("invalid_grant");
    return { deviceId: row.device_id, clientId: row.client_id, redirectUri: row.redirect_uri };
  }

  /** The request behind a poll once approved; throws TokenGrantError until then (RFC 8628 3.5). */
  private approvedRow(deviceCode: string, paced: boolean): PairingRow {
    const row = this.rowOf(deviceCode);
    if (!row) throw new TokenGrantError("invalid_grant");
    const now = this.o.now();
    if (row.expires_at <= now) {
      this.expire(row);
      throw new TokenGrantError("expired_token");
    }
    const tooSoon = row.last_poll_at !== null && now - row.last_poll_at < INTERVAL_S * 1000;
    this.o.db.prepare("UPDATE pairing_requests SET last_poll_at = ? WHERE id = ?").run(now, row.id);
    if (tooSoon && paced) throw new TokenGrantError("slow_down");
    if (row.status === "denied") {
      this.o.db.prepare("DELETE FROM pairing_requests WHERE id = ?").run(row.id);
      throw new TokenGrantError("access_denied");
    }
    if (row.status === "pending" || row.device_id === null)
      throw new TokenGrantError("authorization_pending");
    return row;
  }

  /** Where a request stands, by its device code; null when unknown (never issued, collected or purged). */
  statusOf(deviceCode: string): { userCode: string; status: PairingStatus; expiresAt: number } | null {
    const row = this.rowOf(deviceCode);
    if (!row) return null;
    const status = row.expires_at <= this.o.now() ? "expired" : row.status;
    return { userCode: row.user_code, status, expiresAt: row.expires_at };
  }

  /**
   * The device gave up (a screen's "start over"): a pending request is deleted, so it leaves the
   * admin's list at once; an approved, uncollected one takes its device with it.
   */
  cancel(deviceCode: string, ip: string): void {
    const row = this.rowOf(deviceCode);
    if (!row) return;
    this.o.db.prepare("DELETE FROM pairing_requests WHERE id = ?").run(row.id);
    if (row.device_id !== null) this.o.devices.discardUncollected(row.device_id);
    // Not audited: the request was the device's own and was never anyone's decision.
    this.o.log.info("pairing request cancelled by the device", { name: row.name, ip });
    // The admin event knows approved, denied and expired: for the admin's list a cancelled code
    // is one that will not be approved any more, as an expired one.
    if (row.status === "pending") this.events.emit("resolved", row.user_code, "expired");
  }

  listPending(): PendingPairing[] {
    this.purgeExpired();
    return this.o.db
      .prepare<[], PairingRow>("SELECT * FROM pairing_requests WHERE status = 'pending' ORDER BY created_at")
      .all()
      .map((row) => toPending(row, this.o.now()));
  }

  approve(
    input: Omit<ApproveRequest, "scope" | "expires_at"> & {
      user_code: string;
      scope: Scope;
      expires_at?: string | null;
    },
    admin: string,
    ip: string,
  ): string {
    const row = this.pendingByUserCode(input.user_code, ip);
    const now = this.o.now();
    const expiresAt = input.expires_at ? Date.parse(input.expires_at) : null;
    if (expiresAt !== null && expiresAt <= now) {
      throw new HttpError(400, "invalid_request", "expires_at must be in the future.");
    }
    const deviceId = newDeviceId();
    const name = input.name ?? row.name;
    this.o.db.transaction(() => {
      this.o.devices.add({
        id: deviceId,
        name,
        type: row.type,
        model: row.model,
        scope: input.scope,
        createdAt: now,
        expiresAt,
        clientId: row.client_id,
      });
      this.o.db
        .prepare("UPDATE pairing_requests SET status = 'approved', device_id = ? WHERE id = ?")
        .run(deviceId, row.id);
    })();
    this.o.audit.record("pairing.approved", {
      actor: admin,
      ip,
      detail: { device_id: deviceId, name, scope: input.scope, expires_at: input.expires_at ?? null },
    });
    this.events.emit("resolved", row.user_code, "approved");
    return deviceId;
  }

  deny(userCode: string, admin: string, ip: string): void {
    const row = this.pendingByUserCode(userCode, ip);
    this.o.db.prepare("UPDATE pairing_requests SET status = 'denied' WHERE id = ?").run(row.id);
    this.o.audit.record("pairing.denied", { actor: admin, ip, detail: { name: row.name } });
    this.events.emit("resolved", row.user_code, "denied");
  }

  /** Deletes expired requests (and devices approved but never collected). */
  purgeExpired(): void {
    const rows = this.o.db
      .prepare<[number], PairingRow>("SELECT * FROM pairing_requests WHERE expires_at <= ?")
      .all(this.o.now());
    for (const row of rows) this.expire(row);
  }

  private expire(row: PairingRow): void {
    this.o.db.prepare("DELETE FROM pairing_requests WHERE id = ?").run(row.id);
    if (row.device_id !== null) this.o.devices.discardUncollected(row.device_id);
    if (row.status === "pending") this.events.emit("resolved", row.user_code, "expired");
  }

  private rowOf(deviceCode: string): PairingRow | undefined {
    return this.o.db
      .prepare<[string], PairingRow>("SELECT * FROM pairing_requests WHERE device_code_hash = ?")
      .get(sha256(deviceCode));
  }

  private pendingByUserCode(userCode: string, ip: string): PairingRow {
    const key = `ip:${ip}`;
    const wait = this.wrongCodes.retryAfterSeconds(key);
    if (wait > 0) throw tooManyAttempts(wait);
    const row = this.o.db
      .prepare<[string, number], PairingRow>(
        "SELECT * FROM pairing_requests WHERE user_code = ? AND status = 'pending' AND expires_at > ?",
      )
      .get(userCode, this.o.now());
    if (!row) {
      this.wrongCodes.fail(key);
      this.o.audit.record("pairing.approve_failed", { ip, detail: { reason: "unknown or expired code" } });
      throw new HttpError(
        404,
        "not_found",
        "No device is waiting with that code. Check the code on the device.",
      );
    }
    this.wrongCodes.succeed(key);
    return row;
  }

  private uniqueUserCode(): string {
    for (;;) {
      const code = newUserCode();
      if (!this.o.db.prepare("SELECT 1 FROM pairing_requests WHERE user_code = ?").get(code)) return code;
    }
  }
}
