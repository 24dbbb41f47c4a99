import type { Logger } from "../log/logger.js";
import type { HaTarget } from "../settings/settings.js";
import type { DemoHomeAssistant } from "../simulator/index.js";
import { HaConnection, type SocketFactory } from "./connection.js";
import { DebouncedTask } from "./debounced-task.js";
import { fetchConfig, fetchRegistries, fetchServices } from "./fetch.js";
import { displayUrl } from "./frames.js";
import * as messages from "./messages.js";
import { MirrorReads } from "./mirror-reads.js";
import { MirrorStore } from "./mirror-store.js";
import { haRestRequest } from "./rest-request.js";
import { type DemoOptions, openEndpoint } from "./target.js";
import type { ConnectionTimings } from "./timings.js";
import type {
  CallServiceRequest,
  HaConfig,
  HaForwardedSubscription,
  HaForwarder,
  HaMirror,
  HaRequestInit,
  HaServices,
  HaStatus,
} from "./types.js";
import { HaCommandError } from "./types.js";

export interface HaLinkTimings extends ConnectionTimings {
  /** Quiet time after a `*_registry_updated` event before the registries are re-fetched. */
  registryDebounceMs: number;
}

export interface HaLinkOptions {
  target: HaTarget;
  log: Logger;
  /** Defaults: commands 10 s, reconnect 1 s doubling to 30 s with jitter, ping 30 s, debounce 250 ms. */
  timings?: Partial<HaLinkTimings>;
  createSocket?: SocketFactory;
  /** Extra options for the embedded demo Home Assistant (demo mode only), e.g. a seed. */
  demo?: DemoOptions;
  now?: () => number;
}

const notConnected = () => new HaCommandError("not_connected", "Home Assistant is not connected right now.");

const isConnectionLoss = (error: unknown) =>
  error instanceof HaCommandError && (error.code === "connection_lost" || error.code === "not_connected");

/**
 * The Home Assistant link: one connection (to the configured HA, or to the embedded demo over a
 * real socket), kept in sync into a `MirrorStore`, exposed as `HaMirror`. Every (re)connect
 * re-fetches everything and lets the store diff it against what it had, so an outage reaches
 * consumers only as ordinary `states`/`registries` changes.
 */
export class HaLink extends MirrorReads implements HaMirror, HaForwarder {
  private readonly log: Logger;
  protected readonly store: MirrorStore;
  private readonly registryTask: DebouncedTask;
  private readonly servicesTask: DebouncedTask;
  private readonly configTask: DebouncedTask;
  private readonly now: () => number;
  private connection: HaConnection | null = null;
  private demo: DemoHomeAssistant | null = null;
  private url = "";
  private rest: { url: string; token: string } | null = null;
  private snapshotDone = false;
  private fetchDone = false;
  private synced = false;
  private connectedSince: string | null = null;
  private registrySeq = 0;

  constructor(private readonly options: HaLinkOptions) {
    super();
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.store = new MirrorStore(options.log);
    const debounceMs = options.timings?.registryDebounceMs ?? 250;
    const task = (what: string, run: () => Promise<void>) =>
      new DebouncedTask(run, debounceMs, (error) => this.refreshFailed(what, error));
    this.registryTask = task("registries", () => this.refreshRegistries());
    this.servicesTask = task("services", () => this.refreshServices());
    this.configTask = task("config", () => this.refreshConfig());
  }

  async start(): Promise<void> {
    if (this.connection !== null) return;
    const endpoint = await openEndpoint(this.options.target, this.log, this.options.demo);
    this.demo = endpoint.demo;
    this.url = displayUrl(endpoint.websocketUrl);
    this.rest = { url: endpoint.restUrl, token: endpoint.token };
    const connection = new HaConnection({
      url: endpoint.websocketUrl,
      token: endpoint.token,
      log: this.log,
      createSocket: this.options.createSocket,
      timings: this.options.timings,
    });
    this.connection = connection;
    connection.on("ready", (version) => this.onReady(version));
    connection.on("disconnected", () => this.onDisconnected());
    connection.on("auth_failed", () => this.emitStatus());
    this.subscribeAll(connection);
    this.log.info("connecting to Home Assistant", { url: this.url, mode: this.options.target.mode });
    connection.start();
  }

  async stop(): Promise<void> {
    for (const task of [this.registryTask, this.servicesTask, this.configTask]) task.cancel();
    // Closing the socket ends HA's side of every subscription; nothing to unsubscribe.
    await this.connection?.stop();
    this.synced = false;
    this.store.flush();
    await this.demo?.stop();
    this.demo = null;
  }

  /** Resolves true once the mirror is synced, false on auth failure or after `timeoutMs`. */
  waitUntilSynced(timeoutMs: number): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        off();
        resolve(value);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const off = this.store.events.on("status", (status) => {
        if (status.connected) done(true);
        else if (status.state === "auth_failed") done(false);
      });
    });
  }

  status(): HaStatus {
    const connection = this.connection;
    const mode = this.options.target.mode;
    let state: HaStatus["state"] = this.synced ? "connected" : "connecting";
    if (connection?.authRejected) state = "auth_failed";
    else if (mode === "demo") state = "demo";
    return {
      state,
      mode,
      url: this.url,
      ha_version: connection?.haVersion ?? null,
      connected: this.synced,
      last_error: connection?.lastError ?? null,
      connected_since: this.synced ? this.connectedSince : null,
      entity_count: this.store.stateCount,
      area_count: this.store.registries.data.areas.length,
    };
  }

  callService(request: CallServiceRequest): Promise<unknown> {
    return this.command(messages.callService(request));
  }

  command(message: messages.HaOutgoing, timeoutMs?: number): Promise<unknown> {
    if (this.connection === null) return Promise.reject(notConnected());
    return this.connection.sendCommand(message, timeoutMs);
  }

  subscribe(
    message: messages.HaOutgoing,
    onEvent: (event: unknown) => void,
    onResult: (error: Error | null) => void,
  ): HaForwardedSubscription {
    if (this.connection === null) {
      queueMicrotask(() => onResult(notConnected()));
      return { unsubscribe: () => {} };
    }
    return this.connection.subscribeOnce(message, onEvent, onResult);
  }

  request(path: string, init?: HaRequestInit): Promise<Response> {
    if (this.rest === null) return Promise.reject(notConnected());
    return haRestRequest(this.rest.url, this.rest.token, path, init);
  }

  /** Registered once; the connection re-sends them after every reconnect. */
  private subscribeAll(connection: HaConnection): void {
    const onEvents = (eventType: string, task: DebouncedTask) =>
      connection.subscribe(
        messages.subscribeEvents(eventType),
        () => task.schedule(),
        (error) => this.onSubscribed(eventType, error),
      );
    connection.subscribe(
      messages.subscribeEntities(),
      (event) => this.onEntities(event),
      (error) => this.onSubscribed("subscribe_entities", error),
    );
    for (const eventType of messages.REGISTRY_EVENTS) onEvents(eventType, this.registryTask);
    onEvents("service_registered", this.servicesTask);
    onEvents("service_removed", this.servicesTask);
    onEvents("core_config_updated", this.configTask);
    // get_config's `components` grows as integrations load.
    onEvents("component_loaded", this.configTask);
  }

  private onSubscribed(what: string, error: Error | null): void {
    if (error === null || isConnectionLoss(error)) return;
    this.log.warn("Home Assistant did not accept a subscription", { what, error: error.message });
    // A timeout means HA is not answering at all: start over on a fresh socket.
    if (error instanceof HaCommandError && error.code === "timeout")
      this.connection?.reconnectNow(error.message);
  }

  private onReady(haVersion: string): void {
    this.snapshotDone = false;
    this.fetchDone = false;
    this.store.expectSnapshot();
    this.log.info("connected to Home Assistant; syncing", { url: this.url, ha_version: haVersion });
    void this.initialFetch();
  }

  private async initialFetch(): Promise<void> {
    const connection = this.connection;
    if (connection === null) return;
    try {
      const seq = ++this.registrySeq;
      const [registries, config, services] = await Promise.all([
        fetchRegistries(connection),
        fetchConfig(connection),
        fetchServices(connection),
      ]);
      if (seq === this.registrySeq) this.store.applyRegistries(registries);
      this.setConfig(config);
      this.setServices(services);
      this.fetchDone = true;
      this.checkSynced();
    } catch (error) {
      if (isConnectionLoss(error)) return;
      const message = `Could not read Home Assistant's data: ${(error as Error).message}`;
      this.log.warn("sync with Home Assistant failed; reconnecting", { error: message });
      connection.reconnectNow(message);
    }
  }

  private onEntities(event: unknown): void {
    if (!this.store.applyEntitiesEvent(event)) return;
    this.snapshotDone = true;
    this.checkSynced();
  }

  private checkSynced(): void {
    if (this.synced || !this.snapshotDone || !this.fetchDone || !this.connection?.connected) return;
    this.synced = true;
    this.connectedSince = new Date(this.now()).toISOString();
    this.log.info("mirroring Home Assistant", {
      entities: this.store.stateCount,
      areas: this.store.registries.data.areas.length,
    });
    this.emitStatus();
  }

  private onDisconnected(): void {
    this.synced = false;
    for (const task of [this.registryTask, this.servicesTask, this.configTask]) task.cancel();
    this.emitStatus();
  }

  private emitStatus(): void {
    this.store.events.emit("status", this.status());
  }

  private async refreshRegistries(): Promise<void> {
    const connection = this.connection;
    if (connection === null) return;
    const seq = ++this.registrySeq;
    const registries = await fetchRegistries(connection);
    // A newer fetch (e.g. the resync after a reconnect) may have overtaken this one.
    if (seq === this.registrySeq) this.store.applyRegistries(registries);
  }

  private async refreshServices(): Promise<void> {
    if (this.connection !== null) this.setServices(await fetchServices(this.connection));
  }

  private async refreshConfig(): Promise<void> {
    if (this.connection !== null) this.setConfig(await fetchConfig(this.connection));
  }

  private setServices(services: HaServices): void {
    const previous = this.store.services;
    this.store.services = services;
    this.store.events.emit("services", previous);
  }

  private setConfig(config: HaConfig): void {
    const previous = this.store.config;
    this.store.config = config;
    this.store.events.emit("config", previous);
  }

  /** Debounced refreshes run unattended: a failure is logged; the next reconnect heals it. */
  private refreshFailed(what: string, error: unknown): void {
    if (isConnectionLoss(error)) return;
    this.log.warn("refreshing from Home Assistant failed", { what, error: (error as Error).message });
  }
}

/** Builds the link; `start()` connects (or starts the demo home), `stop()` disconnects. */
export function createHaLink(options: HaLinkOptions): HaLink {
  return new HaLink(options);
}
