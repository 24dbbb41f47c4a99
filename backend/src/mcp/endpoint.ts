import { type NextFunction, type Request, type Response, Router } from "express";
import { MCP_PATH } from "hasync";
import { clientIp } from "../auth/ingress.js";
import type { DeviceRecord } from "../devices/types.js";
import { bearerOf, bodyErrors, RPC, readBody, rpcError, unauthorized } from "./http.js";
import { DEFAULT_SESSION_LIMITS, PENDING_EVERY_MS, type SessionLimits } from "./limits.js";
import type { McpSession, McpSessions } from "./sessions.js";
import type { ToolDeps } from "./tools.js";

export interface McpEndpointOptions extends Omit<ToolDeps, "pendingEveryMs"> {
  /** The LAN listener's port: the endpoint answers there only, never on the ingress listener. */
  lanPort: () => number | null;
  limits?: Partial<SessionLimits>;
  pendingEveryMs?: number;
}

const SWEEP_EVERY_MS = 60_000;

type Authed = Response & { locals: { device: DeviceRecord } };

/** A JSON-RPC `initialize` request; the transport validates the rest (the SDK's `isInitializeRequest`). */
function isInitialize(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { method?: unknown }).method === "initialize";
}

/** `clientInfo.name` of an `initialize` request, as the audit names the agent's program. */
function clientName(body: unknown): string | null {
  const name = (body as { params?: { clientInfo?: { name?: unknown } } }).params?.clientInfo?.name;
  return typeof name === "string" ? name.slice(0, 100) : null;
}

/**
 * The Model Context Protocol endpoint (`/mcp`, Streamable HTTP transport, stateful sessions) for
 * AI agents paired as devices. Every request carries the device's bearer token; a session
 * belongs to the device that opened it; revoking the device (or its expiry, or its pass closing)
 * closes its sessions at once. Constructing opens nothing; `start()` subscribes and sweeps idle
 * sessions, `stop()` closes them all.
 */
export class McpEndpoint {
  /** Loaded with the SDK on the first `initialize`: an HAsync no agent uses never pays for it. */
  private sessions: McpSessions | null = null;
  private loading: Promise<McpSessions> | null = null;
  private unsubscribers: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: McpEndpointOptions) {}

  get sessionCount(): number {
    return this.sessions?.size ?? 0;
  }

  /** Requests being answered now for the device's sessions, open GET streams included. */
  openRequests(deviceId: string): number {
    return this.sessions?.openRequests(deviceId) ?? 0;
  }

  start(): void {
    const { devices } = this.options;
    this.unsubscribers = [
      devices.on("revoked", (deviceId) => this.sessions?.closeDevice(deviceId, "revoked")),
      devices.on("scopeChanged", ({ deviceId }) => this.sessions?.scopeChanged(deviceId)),
    ];
    this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    this.sessions?.closeAll("shutdown");
  }

  /** Closes sessions idle longer than the limit (the sweep's own step, for tests). */
  sweep(): void {
    this.sessions?.sweep();
  }

  /** The SDK is some 13 MB of memory once loaded (types, schemas, validators): load it on first use. */
  private loadSessions(): Promise<McpSessions> {
    this.loading ??= import("./sessions.js").then(({ McpSessions }) => {
      this.sessions = new McpSessions(
        { ...this.options, pendingEveryMs: this.options.pendingEveryMs ?? PENDING_EVERY_MS },
        { ...DEFAULT_SESSION_LIMITS, ...this.options.limits },
      );
      return this.sessions;
    });
    return this.loading;
  }

  router(): Router {
    const router = Router();
    router.all(
      MCP_PATH,
      (req, _res, next) => next(req.socket.localPort === this.options.lanPort() ? undefined : "router"),
      (req, res, next) => this.authenticate(req, res, next),
      (req, _res, next) => (req.method === "POST" ? next() : next("route")),
      ...readBody,
    );
    router.all(MCP_PATH, (req, res) => this.handle(req, res as Authed));
    router.use(MCP_PATH, bodyErrors);
    return router;
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    const token = bearerOf(req);
    const device = token === null ? null : this.options.devices.authenticate(token, clientIp(req));
    if (device === null) unauthorized(res, req.get("authorization") !== undefined);
    else {
      res.locals.device = device;
      next();
    }
  }

  private async handle(req: Request, res: Authed): Promise<void> {
    const device = res.locals.device;
    const id = req.get("mcp-session-id");
    let session: McpSession | undefined;
    if (id !== undefined) {
      session = this.sessions?.get(id);
      // Another device's session answers as a session that does not exist: hidden means absent.
      if (session === undefined || session.deviceId !== device.id) {
        rpcError(res, 404, RPC.sessionNotFound, "Session not found");
        return;
      }
    } else if (req.method === "POST" && isInitialize(req.body)) {
      const sessions = await this.loadSessions();
      const opened = sessions.open(device, clientIp(req), clientName(req.body));
      if (opened === "busy" || opened === "full") {
        refuseSession(res, opened);
        return;
      }
      session = opened;
      await session.server.connect(session.transport);
    } else {
      rpcError(res, 400, RPC.serverError, "Bad Request: no valid session id (Mcp-Session-Id) was sent.");
      return;
    }
    await this.serve(session, req, res);
  }

  private async serve(session: McpSession, req: Request, res: Response): Promise<void> {
    session.inFlight += 1;
    session.lastUsed = this.options.now();
    session.caller.ip = clientIp(req);
    res.on("close", () => {
      session.inFlight -= 1;
      session.lastUsed = this.options.now();
    });
    try {
      await session.transport.handleRequest(req, res, req.body);
    } catch (error) {
      this.options.log.warn("an MCP request failed", { error });
      rpcError(res, 400, RPC.invalidRequest, "The request could not be handled.");
    }
    // An `initialize` the transport refused opened nothing.
    if (session.id === null) this.sessions?.close(session, "client");
  }
}

function refuseSession(res: Response, why: "busy" | "full"): void {
  res.set("Retry-After", "60");
  const words =
    why === "busy"
      ? "This agent has as many MCP sessions open as it may, all busy; close one first."
      : "HAsync has as many MCP sessions open as it serves; try again later.";
  rpcError(res, why === "busy" ? 429 : 503, RPC.serverError, words);
}
