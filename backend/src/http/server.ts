import fs from "node:fs";
import type { RequestListener } from "node:http";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "../log/logger.js";

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The path of an origin-form request target (`/api/websocket?x=1` → `/api/websocket`), or null for
 * any other form: WebSocket clients send origin-form (RFC 6455 §4.1), and absolute-form or
 * authority-like targets (`http://a:99999/`, `//a:99999/`) are refused rather than parsed as URLs.
 */
export function originFormPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith("/") || target.startsWith("//")) return null;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

export interface HttpServerOptions {
  host: string;
  port: number;
  log: Logger;
  /** Serve HTTPS with these PEM files (the add-on's `ssl` option, from HA's /ssl). */
  tls?: { certFile: string; keyFile: string } | undefined;
}

/**
 * The HTTP listener and its WebSocket upgrade routes. Constructing it opens nothing: `start()`
 * listens; `stop()` stops accepting at once, ends idle keep-alive connections, closes every other
 * connection as soon as its current response ends and, after a grace period, the rest.
 */
export class HttpServer {
  private readonly server: http.Server | https.Server;
  private readonly upgrades = new Map<string, UpgradeHandler>();
  private readonly inFlight = new Set<http.ServerResponse>();
  private stopping = false;

  constructor(
    handler: RequestListener,
    private readonly options: HttpServerOptions,
  ) {
    this.server = options.tls
      ? https.createServer(
          { cert: fs.readFileSync(options.tls.certFile), key: fs.readFileSync(options.tls.keyFile) },
          handler,
        )
      : http.createServer(handler);
    this.server.headersTimeout = 20_000;
    this.server.requestTimeout = 60_000;
    // Ahead of the app, so a response can still be marked before the app writes its headers.
    this.server.prependListener("request", (_req, res) => {
      if (this.stopping) {
        res.shouldKeepAlive = false;
        return;
      }
      this.inFlight.add(res);
      res.once("close", () => this.inFlight.delete(res));
    });
  }

  /** Routes WebSocket upgrades for an exact path (query string ignored). */
  onUpgrade(pathname: string, handler: UpgradeHandler): void {
    this.upgrades.set(pathname, handler);
  }

  async start(): Promise<number> {
    this.server.on("upgrade", (req, socket, head) => this.upgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    // After listening, the server reports failed accepts (EMFILE when a LAN client holds every file
    // descriptor) as "error"; without a listener that one event would end the process.
    this.server.on("error", (error) =>
      this.options.log.error("the HTTP listener reported an error; still serving", { error }),
    );
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Node hands an upgrade over without any listener on its socket, so this listener must neither
   * throw nor leave the socket without an "error" listener: either would be an uncaught exception.
   * Request errors before this point (bad request lines, oversized headers: "clientError") get
   * Node's own 400/431 and a closed socket.
   */
  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", (error) => {
      this.options.log.debug("upgrade socket error", { error });
      socket.destroy();
    });
    const pathname = originFormPath(req.url);
    if (pathname === null) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const handler = this.upgrades.get(pathname);
    if (!handler) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    try {
      handler(req, socket, head);
    } catch (error) {
      this.options.log.error("a WebSocket upgrade failed", { error });
      socket.destroy();
    }
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** The bound port while listening (the setting may be 0), else null. */
  get port(): number | null {
    const address = this.server.address();
    return address !== null && typeof address === "object" ? address.port : null;
  }

  /**
   * Everything up to the first await runs at the call, so a caller that ends long-lived streams
   * right after calling this knows their clients cannot reconnect to this server.
   */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.server.listening) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const res of this.inFlight) {
      if (!res.headersSent) res.shouldKeepAlive = false;
      else {
        const socket = res.socket;
        res.once("finish", () => socket?.end());
      }
    }
    const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
    force.unref();
    await closed;
    clearTimeout(force);
  }
}
