import type { Command } from "./commands.js";
import type { ClientConnection, Subscription } from "./connection.js";
import { DEMO_USER_ID, type HomeStore } from "./store.js";

/**
 * HA's frontend storage (components/frontend/storage.py): user data per HA user and system data
 * for the whole house, in memory for the demo. The demo's one token is its one user, an admin.
 */

type Msg = Record<string, unknown>;
type Area = "user" | "system";

interface Watcher {
  conn: ClientConnection;
  id: number;
  area: Area;
  /** null = the whole user data (system data subscriptions always name a key). */
  key: string | null;
  sub: Subscription;
}

class FrontendStorage {
  private readonly users = new Map<string, Map<string, unknown>>();
  private readonly system = new Map<string, unknown>();
  private readonly watchers = new Set<Watcher>();

  data(area: Area): Map<string, unknown> {
    if (area === "system") return this.system;
    let data = this.users.get(DEMO_USER_ID);
    if (data === undefined) {
      data = new Map();
      this.users.set(DEMO_USER_ID, data);
    }
    return data;
  }

  value(area: Area, key: string | null): unknown {
    const data = this.data(area);
    return key === null ? Object.fromEntries(data) : (data.get(key) ?? null);
  }

  /** HA sends the first event before the subscription's result (websocket_subscribe_user_data). */
  watch(conn: ClientConnection, id: number, area: Area, key: string | null): void {
    // Bus events do not concern it; `set` below tells it.
    const sub: Subscription = { kind: "stream", deliver: () => undefined };
    conn.subscribe(id, sub);
    const watcher = { conn, id, area, key, sub };
    this.watchers.add(watcher);
    this.push(watcher);
    conn.result(id, null);
  }

  /** async_set_item: subscribers of that key, and (user data) of the whole data, are told. */
  set(area: Area, key: string, value: unknown): void {
    this.data(area).set(key, value);
    for (const watcher of [...this.watchers]) {
      if (!watcher.conn.holds(watcher.id, watcher.sub)) this.watchers.delete(watcher);
      else if (watcher.area === area && (watcher.key === null || watcher.key === key)) this.push(watcher);
    }
  }

  private push(w: Watcher): void {
    w.conn.event(w.id, JSON.stringify({ value: this.value(w.area, w.key) }));
  }
}

const storages = new WeakMap<HomeStore, FrontendStorage>();
function storageOf(conn: ClientConnection): FrontendStorage {
  let storage = storages.get(conn.host.store);
  if (storage === undefined) {
    storage = new FrontendStorage();
    storages.set(conn.host.store, storage);
  }
  return storage;
}

const keyOf = (msg: Msg): string | null => (typeof msg.key === "string" ? msg.key : null);

const setter = (area: Area): Command => ({
  schema: { required: { key: "string", value: "any" } },
  handle(conn, id, msg) {
    storageOf(conn).set(area, msg.key as string, msg.value);
    conn.result(id, null);
  },
});

export const USER_DATA_COMMANDS: Record<string, Command> = {
  "frontend/get_user_data": {
    schema: { optional: { key: "string" } },
    handle: (conn, id, msg) => conn.result(id, { value: storageOf(conn).value("user", keyOf(msg)) }),
  },
  "frontend/set_user_data": setter("user"),
  "frontend/subscribe_user_data": {
    schema: { optional: { key: "string" } },
    handle: (conn, id, msg) => storageOf(conn).watch(conn, id, "user", keyOf(msg)),
  },
  "frontend/get_system_data": {
    schema: { required: { key: "string" } },
    handle: (conn, id, msg) => conn.result(id, { value: storageOf(conn).value("system", keyOf(msg)) }),
  },
  "frontend/subscribe_system_data": {
    schema: { required: { key: "string" } },
    handle: (conn, id, msg) => storageOf(conn).watch(conn, id, "system", keyOf(msg)),
  },
  // HA's `require_admin`: the demo user is the owner, so it may.
  "frontend/set_system_data": setter("system"),
};
