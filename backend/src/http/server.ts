import fs from "node:fs";
import type { RequestListener } from "node:http";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "../log/logger.js";

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HttpServerOptions {
  host: string;
  port: number;
  log: Logger;
  /** Serve HTTPS with these PEM files (the add-on's `ssl` option, from HA's /ssl). */
  tls?: { certFile: string; keyFile: string } | undefined;
}

/**
 * The HTTP listener and its WebSocket upgrade routes. Constructing it opens nothing: `start()`
 * listens, `stop()` stops accepting, ends idle keep-alive connections and, after a grace period,
 * the rest.
 */
export class HttpServer {
  private readonly server: http.Server | https.Server;
  private readonly upgrades = new Map<string, UpgradeHandler>();

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
  }

  /** Routes WebSocket upgrades for an exact path (query string ignored). */
  onUpgrade(pathname: string, handler: UpgradeHandler): void {
    this.upgrades.set(pathname, handler);
  }

  async start(): Promise<number> {
    this.server.on("upgrade", (req, socket, head) => {
      const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
      const handler = this.upgrades.get(pathname);
      if (!handler) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      handler(req, socket, head);
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  async stop(graceMs = 2000): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
    force.unref();
    await closed;
    clearTimeout(force);
  }
}
