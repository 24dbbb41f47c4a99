import { randomBytes } from "node:crypto";
import { AUTH_CODE_TTL_S } from "hasync";
import { sha256 } from "../devices/tokens.js";

/** What an authorization code stands for: an approved device, for one client. */
export interface CodeGrant {
  deviceId: string;
  clientId: string;
  redirectUri: string;
}

interface Held extends CodeGrant {
  expiresAt: number;
}

export interface AuthCodesOptions {
  now: () => number;
  /** A code that ends unused (expired, displaced, presented by the wrong client) drops its device. */
  dropped: (grant: CodeGrant, why: "expired" | "displaced" | "wrong_client") => void;
  ttlMs?: number;
  max?: number;
}

/** Codes waiting at once; far more than any household pairs in ten minutes. */
const MAX_CODES = 200;

/**
 * HA's `components/auth/__init__.py _create_auth_code_store`: in memory only, good for ten
 * minutes, popped on the first look-up (single use). Unlike HA the code is kept as SHA-256 only,
 * bound to its device, and a code presented with another client_id is spent, not left to retry.
 */
export class AuthCodes {
  private readonly held = new Map<string, Held>();

  constructor(private readonly o: AuthCodesOptions) {}

  issue(grant: CodeGrant): string {
    this.sweep();
    const code = randomBytes(32).toString("base64url");
    this.held.set(sha256(code), {
      ...grant,
      expiresAt: this.o.now() + (this.o.ttlMs ?? AUTH_CODE_TTL_S * 1000),
    });
    const max = this.o.max ?? MAX_CODES;
    for (const [hash, oldest] of this.held) {
      if (this.held.size <= max) break;
      this.held.delete(hash);
      this.o.dropped(oldest, "displaced");
    }
    return code;
  }

  /** The grant for a live code named with its own client, once; null otherwise. */
  take(clientId: string, code: string): CodeGrant | null {
    const hash = sha256(code);
    const held = this.held.get(hash);
    if (!held) return null;
    this.held.delete(hash);
    const { expiresAt, ...grant } = held;
    if (expiresAt <= this.o.now()) {
      this.o.dropped(grant, "expired");
      return null;
    }
    if (grant.clientId !== clientId) {
      this.o.dropped(grant, "wrong_client");
      return null;
    }
    return grant;
  }

  /** Drops the codes that ran out (and, through `dropped`, their never-collected devices). */
  sweep(): void {
    const now = this.o.now();
    for (const [hash, held] of this.held) {
      if (held.expiresAt > now) continue;
      this.held.delete(hash);
      const { expiresAt: _, ...grant } = held;
      this.o.dropped(grant, "expired");
    }
  }

  /** The clients codes are waiting for (a cross-origin client's preflight is allowed for them). */
  clients(): string[] {
    return [...this.held.values()].map((h) => h.clientId);
  }

  get size(): number {
    return this.held.size;
  }
}
