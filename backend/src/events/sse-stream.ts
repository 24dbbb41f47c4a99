import type { ServerResponse } from "node:http";
import type { AdminEvent } from "hasync";

export interface SseStreamOptions {
  heartbeatMs: number;
  /** The event that tells a page to refetch everything (`hello`, as on every connect). */
  resync: () => AdminEvent;
}

/**
 * One admin page's Server-Sent Events stream, respecting backpressure: once the socket's buffer
 * is full (`write()` returned false), further events are dropped instead of queued, and when the
 * page catches up (`drain`) it gets a fresh `hello`, on which it refetches what it shows. What
 * HAsync holds for a slow page is thus one socket buffer and one event, never a backlog.
 */
export class SseStream {
  private full = false;
  private dropped = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly o: SseStreamOptions,
  ) {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.on("drain", () => this.drained());
    res.on("close", () => clearInterval(this.heartbeat));
    // A full socket needs no keep-alive: the page is connected, just behind.
    this.heartbeat = setInterval(() => {
      if (!this.full) this.write(": keep-alive\n\n");
    }, o.heartbeatMs);
    this.heartbeat.unref();
  }

  send(event: AdminEvent): void {
    if (this.full) {
      this.dropped = true;
      return;
    }
    this.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  /** Bytes waiting in memory for this page. */
  get buffered(): number {
    return this.res.writableLength;
  }

  end(): void {
    this.res.end();
  }

  private write(frame: string): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.res.write(frame)) this.full = true;
  }

  private drained(): void {
    this.full = false;
    if (!this.dropped) return;
    this.dropped = false;
    this.send(this.o.resync());
  }
}
