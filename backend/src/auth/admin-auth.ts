import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import bcrypt from "bcrypt";
import type { AdminUser } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../log/logger.js";
import { clientIp, ingressOf } from "./ingress.js";
import { type PasswordContext, passwordProblem } from "./password-policy.js";
import { hashSecret, SessionStore } from "./sessions.js";
import { FailureThrottle } from "./throttle.js";

export const SESSION_COOKIE = "hasync_session";
export const BCRYPT_COST = 12;

export interface AdminAuthOptions {
  db: Db;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  username: string;
  password: string | undefined;
  ingressPeer: string;
  /** Inside the add-on (the Supervisor is there) or run on its own; shapes the "how to fix" advice. */
  context: PasswordContext;
}

/** Reads one cookie without a parser dependency; the value is opaque base64url. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/**
 * Who is the admin behind a request: a Home Assistant user via ingress, or a password session.
 * The password is hashed with bcrypt at start and only the hash is kept.
 */
export class AdminAuth {
  readonly sessions: SessionStore;
  private readonly throttle: FailureThrottle;
  private readonly seenIngressUsers = new Set<string>();

  private constructor(
    private readonly options: Omit<AdminAuthOptions, "password" | "context">,
    private readonly passwordHash: string | null,
    /** Why password login is off, or null when it is on. */
    readonly passwordLoginProblem: string | null,
  ) {
    this.sessions = new SessionStore(options.db, options.now);
    // 5 free tries, then 30 s doubling to 1 h: 30 wrong guesses in a row take many hours.
    this.throttle = new FailureThrottle({
      freeAttempts: 5,
      baseLockMs: 30_000,
      maxLockMs: 3_600_000,
      forgetAfterMs: 24 * 3_600_000,
      maxKeys: 10_000,
      now: options.now,
    });
  }

  static async create(options: AdminAuthOptions): Promise<AdminAuth> {
    const { password, context, ...rest } = options;
    const problem = passwordProblem(password, options.username, context);
    const hash = problem === null && password !== undefined ? await bcrypt.hash(password, BCRYPT_COST) : null;
    if (problem !== null) options.log.warn(problem);
    return new AdminAuth(rest, hash, problem);
  }

  /** The admin behind the request, or null. Ingress wins; LAN requests need a session cookie. */
  identify(req: IncomingMessage): AdminUser | null {
    const ingress = ingressOf(req, this.options.ingressPeer);
    if (ingress?.user) {
      this.noteIngressUser(ingress.user, clientIp(req));
      const { id: _id, ...user } = ingress.user;
      return user;
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    return cookie ? (this.sessions.get(cookie)?.user ?? null) : null;
  }

  async login(
    username: string,
    password: string,
    ip: string,
  ): Promise<{ user: AdminUser; sessionId: string }> {
    if (this.passwordHash === null) {
      throw new HttpError(
        403,
        "password_login_disabled",
        this.passwordLoginProblem ?? "Password login is off.",
      );
    }
    const userKey = `user:${username.toLowerCase()}`;
    const ipKey = `ip:${ip}`;
    const wait = Math.max(this.throttle.retryAfterSeconds(userKey), this.throttle.retryAfterSeconds(ipKey));
    if (wait > 0) throw tooManyAttempts(wait);
    // Count the attempt as a failure before the (async) comparison, so concurrent guesses cannot
    // all pass the lock check above while bcrypt runs; a success clears it again.
    const lock = Math.max(this.throttle.fail(userKey), this.throttle.fail(ipKey));

    // Always run bcrypt, so an unknown username takes as long as a wrong password.
    const passwordOk = await bcrypt.compare(password, this.passwordHash);
    const userOk = timingSafeEqual(
      Buffer.from(hashSecret(username), "hex"),
      Buffer.from(hashSecret(this.options.username), "hex"),
    );
    if (!passwordOk || !userOk) {
      // A username that is not the admin's may be a password typed into the wrong field: never store it.
      const actor = userOk ? this.options.username : null;
      const detail = userOk ? {} : { unknown_username: true };
      this.options.audit.record("auth.login_failed", { actor, ip, detail });
      if (lock > 0) {
        this.options.audit.record("auth.lockout", { actor, ip, detail: { ...detail, retry_after_s: lock } });
        this.options.log.warn("admin login locked out after repeated failures", { ip, retry_after_s: lock });
      }
      throw new HttpError(401, "invalid_credentials", "Wrong username or password.");
    }
    this.throttle.succeed(userKey);
    this.throttle.succeed(ipKey);
    const user: AdminUser = { name: this.options.username, display_name: null, via: "password" };
    const { id } = this.sessions.create(user, ip);
    this.options.audit.record("auth.login", { actor: user.name, ip, detail: { via: "password" } });
    return { user, sessionId: id };
  }

  logout(req: IncomingMessage): void {
    const cookie = readCookie(req, SESSION_COOKIE);
    const user = cookie ? this.sessions.get(cookie)?.user : undefined;
    if (cookie) this.sessions.delete(cookie);
    if (user) this.options.audit.record("auth.logout", { actor: user.name, ip: clientIp(req) });
  }

  /** Ingress users are signed in by HA on every request; audit the first sight per process. */
  private noteIngressUser(user: AdminUser & { id: string }, ip: string): void {
    if (this.seenIngressUsers.has(user.id)) return;
    this.seenIngressUsers.add(user.id);
    this.options.audit.record("auth.login", {
      actor: user.name,
      ip,
      detail: { via: "ingress", ha_user_id: user.id },
    });
  }
}

export const tooManyAttempts = (retryAfterS: number) =>
  new HttpError(429, "too_many_attempts", `Too many failed attempts. Try again in ${retryAfterS} s.`, {
    retry_after_s: retryAfterS,
  });
