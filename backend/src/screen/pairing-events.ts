import type { Response } from "express";
import type { ScreenPairingStatus } from "hasync";
import { sha256 } from "../devices/tokens.js";
import { HttpError } from "../http/errors.js";
import type { PairingService, PairingStatus } from "../pairing/service.js";

export interface PairingStreamLimits {
  /** Open streams in all: each holds a socket and two listeners. */
  maxStreams: number;
  /** Open streams per client address (a household's screens each have their own). */
  maxPerAddress: number;
  heartbeatMs: number;
}

export const PAIRING_STREAM_LIMITS: PairingStreamLimits = {
  maxStreams: 100,
  maxPerAddress: 4,
  heartbeatMs: 25_000,
};

interface Stream {
  res: Response;
  ip: string;
  close: () => void;
}

const TERMINAL: ReadonlySet<PairingStatus> = new Set(["approved", "denied", "expired"]);

/**
 * `GET /api/v1/screen/pairing/events`: the admin's decision on one pairing request, live, as
 * Server-Sent Events (`event: status`). The current status first, then changes; the stream ends
 * on approved, denied or expired. One stream per pairing cookie (a newer one replaces an older,
 * which a reload leaves half-open), a cap per address and in all, and a comment heartbeat so
 * proxies and the browser keep it open.
 */
export class ScreenPairingStreams {
  /** By the device code's hash: one stream per pairing. */
  private readonly streams = new Map<string, Stream>();
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly pairing: PairingService,
    private readonly now: () => number,
    private readonly limits: PairingStreamLimits = PAIRING_STREAM_LIMITS,
  ) {}

  /** Throws `no_session` for an unknown code, 429/503 when the caps are reached; else streams. */
  open(res: Response, deviceCode: string, ip: string): void {
    const found = this.pairing.statusOf(deviceCode);
    if (found === null) {
      throw new HttpError(401, "no_session", "This screen is not pairing any more. Start over.");
    }
    const key = sha256(deviceCode);
    this.streams.get(key)?.close();
    this.checkRoom(ip);
    const stream = this.start(res, key, ip);
    if (this.send(stream, found.status)) return;
    const offResolved = this.pairing.on("resolved", (userCode, outcome) => {
      if (userCode === found.userCode) this.send(stream, outcome);
    });
    // An expiry is noticed by the purge only once a minute: tell the page when the code runs out.
    const expiry = setTimeout(() => this.send(stream, "expired"), Math.max(0, found.expiresAt - this.now()));
    expiry.unref();
    res.on("close", () => {
      offResolved();
      clearTimeout(expiry);
    });
  }

  /** Ends every stream (shutdown), so the HTTP server can close promptly. */
  closeAll(): void {
    for (const stream of [...this.streams.values()]) stream.close();
  }

  get size(): number {
    return this.streams.size;
  }

  private checkRoom(ip: string): void {
    if ((this.perAddress.get(ip) ?? 0) >= this.limits.maxPerAddress) {
      throw new HttpError(
        429,
        "too_many_attempts",
        "Too many screens at this address are waiting for approval. Close some and try again.",
        { retry_after_s: 60 },
      );
    }
    if (this.streams.size >= this.limits.maxStreams) {
      throw new HttpError(
        503,
        "unavailable",
        "Too many screens are waiting for approval. Try again shortly.",
      );
    }
  }

  private start(res: Response, key: string, ip: string): Stream {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), this.limits.heartbeatMs);
    heartbeat.unref();
    let released = false;
    // Called on the socket's close and, synchronously, when a newer stream replaces this one, so
    // the replacement is not counted against the room the old one still seems to take.
    const release = () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (this.streams.get(key) === stream) this.streams.delete(key);
      const left = (this.perAddress.get(ip) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(ip);
      else this.perAddress.set(ip, left);
    };
    const stream: Stream = {
      res,
      ip,
      close: () => {
        release();
        res.end();
      },
    };
    this.streams.set(key, stream);
    this.perAddress.set(ip, (this.perAddress.get(ip) ?? 0) + 1);
    res.on("close", release);
    return stream;
  }

  /** Writes one status; true when it was the last (the stream is ended). */
  private send(stream: Stream, status: PairingStatus): boolean {
    const { res } = stream;
    if (res.writableEnded || res.destroyed) return true;
    const body: ScreenPairingStatus = { status };
    res.write(`event: status\ndata: ${JSON.stringify(body)}\n\n`);
    if (!TERMINAL.has(status)) return false;
    res.end();
    return true;
  }
}
