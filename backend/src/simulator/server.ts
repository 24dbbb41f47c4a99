import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { Activity } from "./activity.js";
import { buildHome, type HomeSeed, haConfig } from "./build-home.js";
import { type CameraFeedOptions, SimulatedCameras } from "./cameras.js";
import { ClientConnection, type ConnectionHost } from "./connection.js";
import { type FrontendServer, frontendServer } from "./frontend.js";
import { fireNotificationAction, type NotificationActionData } from "./mobile-app.js";
import { seededRandom } from "./random.js";
import { type Recorder, recorderOf } from "./recorder.js";
import { handleRest } from "./rest.js";
import { SERVICE_CATALOG } from "./service-catalog.js";
import { ServiceRunner } from "./services.js";
import { HomeStore, SimulatorError } from "./store.js";
import type { SimContext } from "./types.js";

export interface DemoHaOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** The access token clients must present; default 32 random bytes as hex. */
  token?: string;
  /** Makes the home (camera token, synthetic values) and the drift deterministic. */
  seed?: number;
  /** Adds N synthetic temperature sensors spread over the areas (benchmarks). */
  extraEntities?: number;
  /** Sensors drift every this many ms; default 5000; 0 disables. */
  driftIntervalMs?: number;
  /** Extra synthetic state changes per second (benchmarks); default 0. */
  eventRatePerSec?: number;
  /** Reported in auth_required/auth_ok and get_config; default "2026.11.3". */
  haVersion?: string;
  /** The cameras' token rotation and MJPEG feed (see `cameras.ts`). */
  cameras?: CameraFeedOptions;
  /** A built `hass_frontend` directory to serve HA's web interface from (see `frontend.ts`). */
  frontendDir?: string;
}

export interface RecordedServiceCall {
  domain: string;
  service: string;
  service_data: Record<string, unknown>;
  target?: unknown;
}

const DEFAULT_SEED = 20261103;
const WEBSOCKET_PATH = "/api/websocket";
// The demo may run for days behind `npm start`; tests only ever look at the last few calls.
const MAX_RECORDED_CALLS = 1000;

/**
 * A Home Assistant stand-in on a real port: HA's websocket API at /api/websocket and its REST API
 * at /api/, serving the demo home. HAsync runs against it when no HA is configured, and tests use
 * it as the one fake at the edge. Test hooks change the home or misbehave like a real HA would.
 */
export class DemoHomeAssistant {
  readonly token: string;
  /** HA's camera proxy views and token rotation; tests rotate tokens and watch streams here. */
  readonly cameras: SimulatedCameras;
  private readonly seed: HomeSeed;
  private readonly store: HomeStore;
  private readonly services: ServiceRunner;
  private readonly activity: Activity;
  private readonly calls: RecordedServiceCall[] = [];
  private readonly connections = new Set<ClientConnection>();
  private readonly host: ConnectionHost;
  private haVersion: string;
  private readonly frontend: FrontendServer | null;
  /** Fields changed by `updateConfig`, over the demo's own config. */
  private readonly configChanges: Record<string, unknown> = {};
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private unsubscribeBus: (() => void) | undefined;
  private port: number | undefined;
  private available = true;
  private stalled = false;
  private servicesJson: string | undefined;

  constructor(private readonly options: DemoHaOptions = {}) {
    this.token = options.token ?? randomBytes(32).toString("hex");
    this.haVersion = options.haVersion ?? "2026.11.3";
    const random = seededRandom(options.seed ?? DEFAULT_SEED);
    this.seed = buildHome(random, options.extraEntities ?? 0);
    this.store = new HomeStore(this.seed);
    recorderOf(this.store);
    this.services = new ServiceRunner(this.store);
    this.cameras = new SimulatedCameras(this.store, options.cameras);
    const busy = this.seed.synthetic.length > 0 ? this.seed.synthetic : [...this.seed.drifters.keys()];
    this.activity = new Activity(this.store, random, this.seed.drifters, busy, {
      driftIntervalMs: options.driftIntervalMs ?? 5000,
      eventRatePerSec: options.eventRatePerSec ?? 0,
    });
    this.host = this.connectionHost();
    this.frontend = options.frontendDir === undefined ? null : frontendServer(options.frontendDir);
  }

  /** "http://127.0.0.1:<port>"; the websocket API is at `${url}/api/websocket`. */
  get url(): string {
    if (this.port === undefined) throw new SimulatorError("The demo Home Assistant is not started");
    return `http://${this.options.host ?? "127.0.0.1"}:${this.port}`;
  }

  /** Every call_service (websocket or REST) as received, newest last (the last 1000 are kept). */
  get serviceCalls(): ReadonlyArray<RecordedServiceCall> {
    return this.calls;
  }

  /** Open client sockets, authenticated or not. */
  get connectionCount(): number {
    return this.connections.size;
  }

  get entityCount(): number {
    return this.store.stateCount;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: 16 * 1024 * 1024,
    });
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!this.available) req.socket.destroy();
      else if (this.frontend?.handle(req, res, url)) return;
      else if (!this.cameras.handle(req, res, url, this.token)) handleRest(req, res, this.host);
    });
    server.on("upgrade", (req, socket, head) => this.upgrade(wss, req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
    this.unsubscribeBus = this.store.subscribe((event) => {
      for (const conn of this.connections) conn.deliver(event);
    });
    this.activity.start();
    this.cameras.start();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.activity.stop();
    this.cameras.stop();
    this.unsubscribeBus?.();
    this.dropConnections();
    this.wss?.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /**
   * Sets a state like HA's `async_set` (no event when nothing changes). Attributes default to the
   * entity's current ones; a new entity id creates a state without a registry entry. `context`
   * defaults to a new one without a user (an integration's update).
   */
  setState(
    entityId: string,
    state: string,
    attributes?: Record<string, unknown>,
    context?: SimContext,
  ): void {
    const current = this.store.getState(entityId);
    this.store.setState(entityId, state, attributes ?? current?.wire.attributes ?? {}, context);
  }

  removeEntity(entityId: string): void {
    this.store.removeEntity(entityId);
  }

  moveEntityToArea(entityId: string, areaId: string | null): void {
    this.store.moveEntityToArea(entityId, areaId);
  }

  moveDeviceToArea(deviceId: string, areaId: string | null): void {
    this.store.moveDeviceToArea(deviceId, areaId);
  }

  /** Registry edits as HA's registries make them, each announcing its `*_registry_updated` event. */
  get registries(): Pick<HomeStore, "updateEntry" | "updateDevice" | "updateArea" | "updateLabel"> {
    return this.store;
  }

  /** core_config.py `Config.async_update`: the config changes and `core_config_updated` carries the fields. */
  updateConfig(fields: Record<string, unknown>): void {
    Object.assign(this.configChanges, fields);
    this.store.fire("core_config_updated", fields);
  }

  /** The admin tapped an actionable notification's button on the demo phone (see `mobile-app.ts`). */
  tapNotificationAction(data: NotificationActionData): void {
    fireNotificationAction(this.store, data);
  }

  /**
   * HA updated in place: new sockets report this version (auth_ok, get_config); existing ones are
   * closed, as HA's restart after an update closes them.
   */
  setHaVersion(version: string): void {
    this.haVersion = version;
    this.dropConnections();
  }

  /** Closes every client socket at once, like HA restarting. */
  dropConnections(): void {
    for (const conn of this.connections) conn.terminate();
    this.connections.clear();
  }

  /** While false, new connections (websocket and REST) are cut before they get an answer. */
  setAvailable(up: boolean): void {
    this.available = up;
  }

  /** While true, commands get no answer at all (events still flow). */
  stallCommands(stall: boolean): void {
    this.stalled = stall;
  }

  sendRawToAll(frame: string): void {
    for (const conn of this.connections) conn.sendRaw(frame);
  }

  /** The recorded history (history, logbook, statistics); tests seed rows through it. */
  get recorder(): Recorder {
    return recorderOf(this.store);
  }

  /** Runs one drift step now instead of waiting for the timer. */
  driftNow(): void {
    this.activity.drift();
  }

  private upgrade(wss: WebSocketServer, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!this.available || path !== WEBSOCKET_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new ClientConnection(ws, this.host);
      this.connections.add(conn);
      ws.on("close", () => this.connections.delete(conn));
      conn.start();
    });
  }

  private connectionHost(): ConnectionHost {
    const version = () => this.haVersion;
    return {
      // A getter: `setHaVersion` changes what the next connection reports.
      get haVersion() {
        return version();
      },
      token: this.token,
      store: this.store,
      services: this.services,
      isStalled: () => this.stalled,
      config: () => ({ ...haConfig(this.haVersion), ...this.configChanges }),
      servicesJson: () => {
        this.servicesJson ??= JSON.stringify(SERVICE_CATALOG);
        return this.servicesJson;
      },
      recordCall: (call) => {
        this.calls.push(call);
        if (this.calls.length > MAX_RECORDED_CALLS) this.calls.shift();
      },
    };
  }
}
