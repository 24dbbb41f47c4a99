import type { ScreenAuthorize, ScreenAuthorizeInfo } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import { clipText } from "../audit/clip.js";
import { FailureThrottle } from "../auth/throttle.js";
import type { Db } from "../db/database.js";
import type { DevicesService } from "../devices/service.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../log/logger.js";
import type { AccessTokens } from "./access-tokens.js";
import { AuthCodes, type CodeGrant } from "./codes.js";
import {
  clientNetloc,
  isHaApp,
  type RedirectUriLookup,
  verifyClientId,
  verifyRedirectUri,
} from "./indieauth.js";

/** The parts of the devices service the login flow uses. */
export type LoginDevices = Pick<
  DevicesService,
  "device" | "bearer" | "issueToken" | "revoke" | "discardUncollected" | "on" | "list"
>;

export interface HaLoginOptions {
  db: Db;
  devices: LoginDevices;
  accessTokens: AccessTokens;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  lookup: RedirectUriLookup;
  /** Test seam: how long a code lives. */
  codeTtlMs?: number;
}

/** What the pairing screen needs from the login flow (screen/pairing-routes.ts). */
export interface ScreenLogin {
  /** HA's client_id/redirect_uri rules; throws HAsync's 400 in HA's words. */
  authorizeInfo(input: ScreenAuthorize, ownHosts: readonly string[]): Promise<ScreenAuthorizeInfo>;
  /** The code for an approved pairing started at `/auth/authorize` (its device has no token yet). */
  issueCode(grant: CodeGrant, ip: string): string;
}

/** HA's words (`components/auth/login_flow.py LoginFlowIndexView.post`). */
export const INVALID_CLIENT_ID = "Invalid client id";
export const INVALID_REDIRECT = "invalid client id or redirect uri";

const SWEEP_MS = 30_000;

/**
 * HA's login flow answered by HAsync: the codes the pairing screen hands to the client, the
 * throttle on failed exchanges, and the devices' access tokens (token-grants.ts trades them).
 */
export class HaLogin implements ScreenLogin {
  readonly codes: AuthCodes;
  /** Failed code exchanges and refreshes, per client address. */
  readonly failures: FailureThrottle;
  private timer: NodeJS.Timeout | undefined;
  private off: (() => void) | undefined;

  constructor(readonly o: HaLoginOptions) {
    this.codes = new AuthCodes({
      now: o.now,
      ...(o.codeTtlMs === undefined ? {} : { ttlMs: o.codeTtlMs }),
      dropped: (grant, why) => {
        o.devices.discardUncollected(grant.deviceId);
        o.log.info("authorization code ended unused; its device goes", { device_id: grant.deviceId, why });
      },
    });
    this.failures = new FailureThrottle({
      freeAttempts: 10,
      baseLockMs: 30_000,
      maxLockMs: 3_600_000,
      forgetAfterMs: 3_600_000,
      maxKeys: 10_000,
      now: o.now,
    });
  }

  /** After the devices are loaded: access tokens, the devices' revocations, leftovers of a restart. */
  start(): void {
    this.o.accessTokens.start();
    this.off = this.o.devices.on("revoked", (deviceId) => this.o.accessTokens.forgetDevice(deviceId));
    this.dropOrphans();
    this.timer = setInterval(() => {
      this.codes.sweep();
      this.o.accessTokens.purgeExpired();
    }, SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.off?.();
  }

  async authorizeInfo(input: ScreenAuthorize, ownHosts: readonly string[]): Promise<ScreenAuthorizeInfo> {
    const { client_id, redirect_uri } = input;
    if (!verifyClientId(client_id)) throw new HttpError(400, "invalid_request", INVALID_CLIENT_ID);
    const verified = await verifyRedirectUri(client_id, redirect_uri, { lookup: this.o.lookup, ownHosts });
    if (!verified) throw new HttpError(400, "invalid_request", INVALID_REDIRECT);
    const haApp = isHaApp(client_id);
    return {
      client_id,
      redirect_uri,
      // Host and port: two clients on one host are two different apps (HA's page shows the whole client_id).
      client_name: haApp ? "Home Assistant app" : (clientNetloc(client_id) ?? client_id),
      ha_app: haApp,
    };
  }

  issueCode(grant: CodeGrant, ip: string): string {
    const code = this.codes.issue(grant);
    this.o.audit.record("login.code_issued", {
      actor: grant.deviceId,
      ip,
      detail: {
        device_id: grant.deviceId,
        name: this.o.devices.device(grant.deviceId)?.name ?? null,
        client_id: clipText(grant.clientId),
      },
    });
    return code;
  }

  /** One entry per address and reason within a few minutes, with a count (a client retrying). */
  refused(ip: string, reason: string, detail: Record<string, unknown> = {}): void {
    this.o.audit.recordRepeated("login.token_refused", {
      key: JSON.stringify([ip, reason]),
      actor: ip,
      ip,
      detail: { reason, ...detail },
      overflowDetail: { reason: "other refusals, too many kinds to list one by one" },
    });
  }

  /**
   * Devices approved for an HA client whose code was lost with the last run (codes live in
   * memory only): no token was ever minted for them and nothing can collect one now.
   */
  private dropOrphans(): void {
    const rows = this.o.db
      .prepare<[], { id: string }>(
        `SELECT id FROM devices WHERE client_id IS NOT NULL AND token_hash IS NULL
           AND id NOT IN (SELECT device_id FROM pairing_requests WHERE device_id IS NOT NULL)`,
      )
      .all();
    for (const { id } of rows) this.o.devices.discardUncollected(id);
  }
}
