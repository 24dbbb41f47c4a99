import type { Command } from "./commands.js";
import type { ClientConnection } from "./connection.js";
import { HaError } from "./errors.js";
import type { HomeStore } from "./store.js";

/**
 * What HA's interface reads about single entities while it is used, as HA answers: forecasts
 * (weather/websocket_api.py `ws_subscribe_forecast`), to-do items (todo/__init__.py
 * `websocket_handle_subscribe_todo_items`, `websocket_handle_todo_item_list`,
 * `websocket_handle_todo_item_move`) and calendar events (calendar/__init__.py
 * `handle_calendar_event_subscribe`). The demo has a weather entity; to-do lists and calendars are
 * whatever `todo.*` / `calendar.*` states a test sets, each with the same demo items and events.
 */

type Msg = Record<string, unknown>;

const domainOf = (entityId: string) => entityId.slice(0, entityId.indexOf("."));

/** `hass.data[DATA_COMPONENT].get_entity`: a state of that domain. */
function entity(conn: ClientConnection, entityId: unknown, domain: string) {
  if (typeof entityId !== "string" || domainOf(entityId) !== domain) return undefined;
  return conn.host.store.getState(entityId);
}

/** `cv.entity_domain(DOMAIN)`, in voluptuous's words. */
function checkDomain(msg: Msg, domain: string): string {
  const entityId = msg.entity_id as string;
  if (!/^[a-z0-9_]+\.[a-z0-9_]+$/.test(entityId) || domainOf(entityId) !== domain) {
    throw new HaError(
      "invalid_format",
      `Entity ID ${entityId} belongs to domain ${domainOf(entityId)}, expected ['${domain}'] for dictionary value @ data['entity_id']. Got '${entityId}'`,
    );
  }
  return entityId;
}

/** weather/const.py WeatherEntityFeature: FORECAST_DAILY 1, FORECAST_HOURLY 2, FORECAST_TWICE_DAILY 4. */
const FORECAST_FLAGS: Record<string, number> = { daily: 1, hourly: 2, twice_daily: 4 };
const DAY_MS = 86_400_000;
const BASE = Date.parse("2026-11-04T00:00:00Z");

function forecast(type: string): Msg[] {
  const step = type === "hourly" ? DAY_MS / 24 : type === "twice_daily" ? DAY_MS / 2 : DAY_MS;
  return [0, 1, 2].map((i) => ({
    datetime: new Date(BASE + i * step).toISOString(),
    condition: ["partlycloudy", "rainy", "sunny"][i],
    temperature: 11 + i,
    templow: 4 + i,
    precipitation: i === 1 ? 2.4 : 0,
  }));
}

function subscribeForecast(conn: ClientConnection, id: number, msg: Msg): void {
  const entityId = checkDomain(msg, "weather");
  const type = msg.forecast_type as string;
  if (!(type in FORECAST_FLAGS)) {
    throw new HaError(
      "invalid_format",
      `value must be one of ['daily', 'hourly', 'twice_daily'] for dictionary value @ data['forecast_type']. Got '${type}'`,
    );
  }
  const state = entity(conn, entityId, "weather");
  if (state === undefined) throw new HaError("invalid_entity_id", `Weather entity not found: ${entityId}`);
  const features = Number(state.wire.attributes.supported_features ?? 0);
  if (!(features & (FORECAST_FLAGS[type] ?? 0))) {
    throw new HaError("forecast_not_supported", `The weather entity does not support forecast type: ${type}`);
  }
  conn.subscribe(id, { kind: "events", eventType: "weather_forecast_demo" });
  conn.result(id, null);
  conn.event(id, JSON.stringify({ type, forecast: forecast(type) }));
}

interface TodoItem {
  uid: string;
  summary: string;
  status: "needs_action" | "completed";
}

/** Each list's items and who listens to them, per demo home. */
interface TodoLists {
  items: Map<string, TodoItem[]>;
  listeners: Set<(entityId: string) => void>;
}
const todoLists = new WeakMap<HomeStore, TodoLists>();

function listsOf(store: HomeStore): TodoLists {
  let lists = todoLists.get(store);
  if (lists === undefined) {
    lists = { items: new Map(), listeners: new Set() };
    todoLists.set(store, lists);
  }
  return lists;
}

function itemsOf(conn: ClientConnection, entityId: string): TodoItem[] {
  const lists = listsOf(conn.host.store);
  let items = lists.items.get(entityId);
  if (items === undefined) {
    items = [
      { uid: "milk", summary: "Milk", status: "needs_action" },
      { uid: "bread", summary: "Bread", status: "needs_action" },
      { uid: "coffee", summary: "Coffee", status: "completed" },
    ];
    lists.items.set(entityId, items);
  }
  return items;
}

function subscribeTodo(conn: ClientConnection, id: number, msg: Msg): void {
  const entityId = checkDomain(msg, "todo");
  if (entity(conn, entityId, "todo") === undefined) {
    throw new HaError("invalid_entity_id", `To-do list entity not found: ${entityId}`);
  }
  const sub = { kind: "events" as const, eventType: "todo_items_demo" };
  const lists = listsOf(conn.host.store);
  const listener = (changed: string) => {
    if (!conn.holds(id, sub)) lists.listeners.delete(listener);
    else if (changed === entityId) conn.event(id, JSON.stringify({ items: itemsOf(conn, entityId) }));
  };
  conn.subscribe(id, sub);
  lists.listeners.add(listener);
  conn.result(id, null);
  conn.event(id, JSON.stringify({ items: itemsOf(conn, entityId) }));
}

function listTodo(conn: ClientConnection, id: number, msg: Msg): void {
  const entityId = msg.entity_id as string;
  if (entity(conn, entityId, "todo") === undefined) throw new HaError("not_found", "Entity not found");
  conn.result(id, { items: itemsOf(conn, entityId) });
}

/** `async_move_todo_item`: after `previous_uid`, or first without it. */
function moveTodo(conn: ClientConnection, id: number, msg: Msg): void {
  const entityId = msg.entity_id as string;
  if (entity(conn, entityId, "todo") === undefined) throw new HaError("not_found", "Entity not found");
  const items = itemsOf(conn, entityId);
  const from = items.findIndex((item) => item.uid === msg.uid);
  if (from < 0) throw new HaError("failed", `Item '${String(msg.uid)}' not found in todo list`);
  const [item] = items.splice(from, 1) as [TodoItem];
  const after = msg.previous_uid === undefined ? -1 : items.findIndex((i) => i.uid === msg.previous_uid);
  if (msg.previous_uid !== undefined && after < 0) {
    items.splice(from, 0, item);
    throw new HaError("failed", `Item '${String(msg.previous_uid)}' not found in todo list`);
  }
  items.splice(after + 1, 0, item);
  conn.result(id, null);
  for (const listener of [...listsOf(conn.host.store).listeners]) listener(entityId);
}

/** The demo calendar's one event a day, 09:00–10:00 after `start`, as `CalendarEvent.as_dict`. */
export function demoEvents(entityId: string, start: number, end: number): Msg[] {
  const at = (offset: number) => new Date(start + offset).toISOString();
  return [
    {
      start: at(9 * 3_600_000),
      end: at(10 * 3_600_000),
      summary: "Bin collection",
      description: null,
      location: null,
      uid: `${entityId}-bins`,
      recurrence_id: null,
      rrule: null,
    },
  ].filter((event) => Date.parse(event.start) < end);
}

/** `calendar/event/subscribe`: every push is the whole list of events in [start, end). */
function subscribeCalendar(conn: ClientConnection, id: number, msg: Msg): void {
  const entityId = checkDomain(msg, "calendar");
  if (entity(conn, entityId, "calendar") === undefined) throw new HaError("not_found", "Entity not found");
  const start = Date.parse(msg.start as string);
  const end = Date.parse(msg.end as string);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new HaError("invalid_format", "Invalid datetime specified for dictionary value @ data['start']");
  }
  const events = demoEvents(entityId, start, end);
  conn.subscribe(id, { kind: "events", eventType: "calendar_events_demo" });
  conn.result(id, null);
  conn.event(id, JSON.stringify({ events }));
}

/** labs/websocket_api.py `websocket_subscribe_feature`: the demo has HA's winter mode only, off. */
const LAB_FEATURES: Record<string, Msg> = {
  "frontend.winter_mode": {
    preview_feature: "winter_mode",
    domain: "frontend",
    is_built_in: true,
    feedback_url: null,
    learn_more_url: null,
    report_issue_url: null,
  },
};

function subscribeLab(conn: ClientConnection, id: number, msg: Msg): void {
  const key = `${String(msg.domain)}.${String(msg.preview_feature)}`;
  const feature = LAB_FEATURES[key];
  if (feature === undefined) throw new HaError("not_found", `Preview feature ${key} not found`);
  conn.subscribe(id, { kind: "events", eventType: "labs_updated" });
  conn.result(id, null);
  conn.event(id, JSON.stringify({ ...feature, enabled: false }));
}

/** camera/__init__.py `ws_camera_capabilities`: the demo's cameras stream HLS. */
function cameraCapabilities(conn: ClientConnection, id: number, msg: Msg): void {
  if (entity(conn, msg.entity_id, "camera") === undefined) {
    throw new HaError("home_assistant_error", "Camera not found");
  }
  conn.result(id, { frontend_stream_types: ["hls"] });
}

export const ENTITY_FEED_COMMANDS: Record<string, Command> = {
  "weather/subscribe_forecast": {
    schema: { required: { entity_id: "string", forecast_type: "string" } },
    handle: subscribeForecast,
  },
  "todo/item/subscribe": { schema: { required: { entity_id: "string" } }, handle: subscribeTodo },
  "todo/item/list": { schema: { required: { entity_id: "string" } }, handle: listTodo },
  "todo/item/move": {
    schema: { required: { entity_id: "string", uid: "string" }, optional: { previous_uid: "string" } },
    handle: moveTodo,
  },
  "calendar/event/subscribe": {
    schema: { required: { entity_id: "string", start: "string", end: "string" } },
    handle: subscribeCalendar,
  },
  "camera/capabilities": { schema: { required: { entity_id: "string" } }, handle: cameraCapabilities },
  "labs/subscribe": {
    schema: { required: { domain: "string", preview_feature: "string" } },
    handle: subscribeLab,
  },
};
