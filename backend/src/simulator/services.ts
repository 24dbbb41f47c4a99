import { haTime } from "./bus.js";
import { EFFECTS, REQUIRED_FEATURE } from "./effects.js";
import { HaError, validationError } from "./errors.js";
import { type ActionRow, ALARM_CODE, SCENES, SCRIPTS } from "./home.js";
import { SERVICE_CATALOG, type ServiceSpec } from "./service-catalog.js";
import { type HomeStore, newContext } from "./store.js";
import { resolveTargets } from "./targets.js";
import type { SimContext, SimState } from "./types.js";
import { splitTarget, type Targets, validateServiceData } from "./validate.js";

export interface ServiceCallRequest {
  domain: string;
  service: string;
  service_data?: Record<string, unknown>;
  target?: Record<string, unknown>;
  return_response?: boolean;
}

export interface ServiceOutcome {
  context: SimContext;
  /** States the call changed, in order (REST returns them). */
  changed: SimState[];
  response?: unknown;
}

/** `homeassistant.turn_on/turn_off/toggle` call each domain's own service (HA's homeassistant/__init__.py). */
const GENERIC: Record<string, Record<string, string>> = {
  cover: { turn_on: "open_cover", turn_off: "close_cover", toggle: "toggle" },
};
const GENERIC_DOMAINS = [
  "light",
  "switch",
  "input_boolean",
  "fan",
  "climate",
  "media_player",
  "script",
  "scene",
];

interface Run {
  context: SimContext;
  changed: SimState[];
}

/**
 * `call_service` for the demo home: looks the service up in the catalog, validates like HA,
 * resolves the target, checks supported features, then applies each entity's effect through the
 * store (which announces the changes). Scenes and scripts replay their actions with a child context.
 */
export class ServiceRunner {
  constructor(
    private readonly store: HomeStore,
    private readonly now: () => number = Date.now,
  ) {}

  call(request: ServiceCallRequest, userId: string | null): ServiceOutcome {
    const { domain, service } = request;
    const spec = SERVICE_CATALOG[domain]?.[service];
    if (!spec) throw new HaError("not_found", `Service ${domain}.${service} not found.`);
    const merged = { ...(request.service_data ?? {}), ...(request.target ?? {}) };
    const { targets, data } = spec.target ? splitTarget(merged) : { targets: {}, data: merged };
    const valid = validateServiceData(spec, data);
    checkResponse(spec, request.return_response === true);
    const run: Run = { context: newContext(userId), changed: [] };
    this.store.fire("call_service", { domain, service, service_data: merged }, run.context);
    const entities = this.execute(domain, service, targets, valid, run);
    const outcome: ServiceOutcome = { context: run.context, changed: run.changed };
    // helpers/service.py entity_service_call: a response needs at least one matching entity.
    if (request.return_response && spec.target && entities.length === 0) {
      throw new HaError(
        "home_assistant_error",
        "Service call requested response data but did not match any entities",
      );
    }
    if (request.return_response) outcome.response = this.respond(domain, entities, valid);
    return outcome;
  }

  private execute(
    domain: string,
    service: string,
    targets: Targets,
    data: Record<string, unknown>,
    run: Run,
  ): string[] {
    if (domain === "script" && !["turn_on", "turn_off", "toggle", "reload"].includes(service)) {
      this.runActions(`script.${service}`, run);
      return [];
    }
    if (domain === "homeassistant") return this.generic(service, targets, run);
    const entities = resolveTargets(this.store, targets, domain);
    if (domain === "scene" || domain === "script") {
      if (service !== "turn_off" && service !== "reload") for (const id of entities) this.runActions(id, run);
      return entities;
    }
    const effect = EFFECTS[domain];
    if (!effect) return entities;
    const states = entities.map((id) => this.store.getState(id)?.wire).filter((s) => s !== undefined);
    for (const s of states) checkFeature(s, domain, service);
    for (const s of states) {
      const next = effect(s, service, data, ALARM_CODE);
      if (next) this.apply(s.entity_id, next.state, next.attributes, run);
    }
    return entities;
  }

  private generic(service: string, targets: Targets, run: Run): string[] {
    if (service === "update_entity") return [];
    const entities = resolveTargets(this.store, targets, null);
    for (const id of entities) {
      const domain = id.split(".")[0] ?? "";
      const mapped = GENERIC[domain]?.[service] ?? (GENERIC_DOMAINS.includes(domain) ? service : undefined);
      if (mapped) this.execute(domain, mapped, { entity_id: [id] }, {}, run);
    }
    return entities;
  }

  /** Scenes record when they were activated; scripts when they last ran. */
  private runActions(entityId: string, run: Run): void {
    const actions: ActionRow[] | undefined = SCENES[entityId] ?? SCRIPTS[entityId];
    const current = this.store.getState(entityId)?.wire;
    if (!actions || !current) return;
    const child: Run = { context: newContext(run.context.user_id, run.context.id), changed: run.changed };
    for (const action of actions) {
      const { targets } = splitTarget(action.target);
      this.execute(action.domain, action.service, targets, action.data ?? {}, child);
    }
    const stamp = haTime(this.now());
    if (entityId.startsWith("scene.")) this.apply(entityId, stamp, current.attributes, run);
    else this.apply(entityId, current.state, { ...current.attributes, last_triggered: stamp }, run);
  }

  private apply(entityId: string, state: string, attributes: Record<string, unknown>, run: Run): void {
    const after = this.store.setState(entityId, state, attributes, run.context);
    if (after) run.changed.push(after.wire);
  }

  private respond(domain: string, entities: string[], data: Record<string, unknown>): unknown {
    if (domain !== "weather") return null;
    const response: Record<string, unknown> = {};
    for (const id of entities)
      response[id] = { forecast: forecast(this.store.getState(id)?.wire, String(data.type), this.now()) };
    return response;
  }
}

function checkResponse(spec: ServiceSpec, wanted: boolean): void {
  if (wanted && !spec.response) {
    throw validationError(
      "An action which does not return responses can't be called with return_response=True",
    );
  }
  if (!wanted && spec.response?.optional === false) {
    throw validationError("The action requires responses and must be called with return_response=True");
  }
}

function checkFeature(s: SimState, domain: string, service: string): void {
  const needed = REQUIRED_FEATURE[`${domain}.${service}`];
  const features = typeof s.attributes.supported_features === "number" ? s.attributes.supported_features : 0;
  if (needed !== undefined && (features & needed) === 0) {
    throw validationError(`Entity ${s.entity_id} does not support action ${domain}.${service}`);
  }
}

const CONDITIONS = ["partlycloudy", "cloudy", "rainy", "sunny", "partlycloudy", "windy"];

function forecast(s: SimState | undefined, type: string, now: number): unknown[] {
  const base = typeof s?.attributes.temperature === "number" ? s.attributes.temperature : 12;
  const stepHours = type === "hourly" ? 1 : type === "twice_daily" ? 12 : 24;
  return CONDITIONS.map((condition, i) => ({
    condition,
    datetime: haTime(now + i * stepHours * 3_600_000),
    temperature: Math.round((base + Math.sin(i) * 3) * 10) / 10,
    templow: Math.round((base - 4 + Math.cos(i) * 2) * 10) / 10,
    precipitation: condition === "rainy" ? 3.2 : 0,
    humidity: 70 + i,
    wind_bearing: 200 + i * 10,
    wind_speed: 12 + i,
  }));
}
