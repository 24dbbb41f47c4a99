import { randomBytes } from "node:crypto";
import type { ScreenTicket } from "hasync";
import { sha256 } from "../devices/tokens.js";
import { HttpError } from "../http/errors.js";

/** A recognisable prefix, so a ticket is never mistaken for (or looked up as) a device token. */
export const TICKET_PREFIX = "hst_";
export const TICKET_TTL_S = 30;
/** A page opens one socket at a time; a few more cover reloads and reconnects racing each other. */
export const MAX_TICKETS_PER_DEVICE = 8;
export const MAX_TICKETS = 10_000;

const TICKET_LENGTH = TICKET_PREFIX.length + 43;

interface Outstanding {
  deviceId: string;
  expiresAt: number;
}

/**
 * Single-use WebSocket tickets for screens (DOCS "How a screen keeps its session"): the page,
 * which never sees its device token, trades its cookie for a ticket and sends it as HA's
 * `access_token`. Held in memory only, keyed by the ticket's SHA-256, so a heap dump names no
 * usable ticket for longer than 30 s, and a restart forgets them all (the page just asks again).
 */
export class ScreenTickets {
  /** By hash, in issue order: with one TTL for all, the first entry expires first. */
  private readonly byHash = new Map<string, Outstanding>();
  private readonly byDevice = new Map<string, string[]>();

  constructor(private readonly now: () => number) {}

  /** A fresh ticket for the device. Its oldest one gives way past 8; the whole store refuses past 10,000. */
  issue(deviceId: string): ScreenTicket {
    this.purgeExpired();
    const mine = this.byDevice.get(deviceId) ?? [];
    if (mine.length >= MAX_TICKETS_PER_DEVICE) {
      const oldest = mine.shift();
      if (oldest !== undefined) this.byHash.delete(oldest);
    }
    if (this.byHash.size >= MAX_TICKETS) {
      throw new HttpError(429, "too_many_attempts", "HAsync is busy connecting screens. Try again shortly.", {
        retry_after_s: TICKET_TTL_S,
      });
    }
    const ticket = `${TICKET_PREFIX}${randomBytes(32).toString("base64url")}`;
    const hash = sha256(ticket);
    this.byHash.set(hash, { deviceId, expiresAt: this.now() + TICKET_TTL_S * 1000 });
    mine.push(hash);
    this.byDevice.set(deviceId, mine);
    return { ticket, expires_in: TICKET_TTL_S };
  }

  /**
   * The device a ticket was issued to, once: the ticket is gone afterwards. Null for a ticket that
   * is unknown, used or expired; undefined when the credential is not a ticket (a device token).
   */
  redeem(credential: string): string | null | undefined {
    if (!credential.startsWith(TICKET_PREFIX)) return undefined;
    if (credential.length !== TICKET_LENGTH) return null;
    const hash = sha256(credential);
    const entry = this.byHash.get(hash);
    if (!entry) return null;
    this.remove(hash, entry.deviceId);
    return entry.expiresAt > this.now() ? entry.deviceId : null;
  }

  /** Drops a device's outstanding tickets (it was revoked or signed out). */
  forgetDevice(deviceId: string): void {
    for (const hash of this.byDevice.get(deviceId) ?? []) this.byHash.delete(hash);
    this.byDevice.delete(deviceId);
  }

  get size(): number {
    return this.byHash.size;
  }

  private purgeExpired(): void {
    const now = this.now();
    for (const [hash, entry] of this.byHash) {
      if (entry.expiresAt > now) break;
      this.remove(hash, entry.deviceId);
    }
  }

  private remove(hash: string, deviceId: string): void {
    this.byHash.delete(hash);
    const mine = this.byDevice.get(deviceId)?.filter((h) => h !== hash) ?? [];
    if (mine.length === 0) this.byDevice.delete(deviceId);
    else this.byDevice.set(deviceId, mine);
  }
}
