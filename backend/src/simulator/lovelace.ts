import type { Command } from "./commands.js";
import type { ClientConnection } from "./connection.js";
import { HaError } from "./errors.js";
import type { HomeStore } from "./store.js";

/**
 * HA's panels and dashboards as HA answers the demo's (admin) token: frontend/__init__.py
 * `websocket_get_panels` (`Panel.to_response` per registered panel), lovelace/websocket.py
 * (`lovelace/config`, `lovelace/resources`) and lovelace/dashboard.py (`lovelace/dashboards/list`,
 * a `DictStorageCollectionWebsocket` list). The demo is an HA of 2026: the default Overview is the
 * built-in `home` panel (generated from areas), the old `lovelace` storage dashboard was never
 * configured (its config is None, so `config_not_found`), and two storage dashboards exist, one of
 * them for admins only, plus the `map` dashboard HA creates at onboarding.
 */

interface DemoDashboard {
  id: string;
  url_path: string;
  title: string;
  icon: string | null;
  require_admin: boolean;
  show_in_sidebar: boolean;
  config: Record<string, unknown> | null;
}

const DASHBOARDS: readonly DemoDashboard[] = [
  {
    id: "kitchen_tablet",
    url_path: "kitchen-tablet",
    title: "Kitchen tablet",
    icon: "mdi:silverware-fork-knife",
    require_admin: false,
    show_in_sidebar: true,
    config: {
      title: "Kitchen tablet",
      views: [
        {
          title: "Kitchen",
          path: "kitchen",
          cards: [
            { type: "entities", entities: ["light.kitchen_spots", "switch.coffee_maker"] },
            { type: "weather-forecast", entity: "weather.forecast_home" },
          ],
        },
      ],
    },
  },
  {
    id: "server_room",
    url_path: "server-room",
    title: "Server room",
    icon: "mdi:server",
    require_admin: true,
    show_in_sidebar: true,
    config: { title: "Server room", views: [{ title: "Rack", cards: [] }] },
  },
  {
    id: "map",
    url_path: "map",
    title: "Map",
    icon: "mdi:map",
    require_admin: false,
    show_in_sidebar: true,
    config: { strategy: { type: "map" } },
  },
];

/** `Panel.to_response`: the fields HA's frontend reads as `PanelInfo`. */
function panel(
  componentName: string,
  urlPath: string,
  fields: { title?: string | null; icon?: string | null; config?: unknown; requireAdmin?: boolean } = {},
): Record<string, unknown> {
  return {
    component_name: componentName,
    icon: fields.icon ?? null,
    title: fields.title ?? null,
    default_visible: true,
    config: fields.config ?? null,
    url_path: urlPath,
    require_admin: fields.requireAdmin ?? false,
    config_panel_domain: null,
  };
}

/** The panels a default HA install registers, with the dashboards above. */
function panels(): Record<string, unknown> {
  const list = [
    panel("home", "home", { title: "home", icon: "mdi:home" }),
    panel("profile", "profile"),
    panel("notfound", "notfound"),
    panel("developer-tools", "developer-tools", {
      title: "developer_tools",
      icon: "hass:hammer",
      requireAdmin: true,
    }),
    panel("config", "config", { title: "config", icon: "hass:cog", requireAdmin: true }),
    panel("energy", "energy", { title: "energy", icon: "mdi:lightning-bolt" }),
    panel("history", "history", { title: "history", icon: "hass:chart-box" }),
    panel("logbook", "logbook", { title: "logbook", icon: "hass:format-list-bulleted-type" }),
    panel("todo", "todo", { title: "todo", icon: "hass:clipboard-list" }),
    panel("calendar", "calendar", { title: "calendar", icon: "hass:calendar" }),
    panel("media-browser", "media-browser", { title: "media_browser", icon: "hass:play-box-multiple" }),
    ...DASHBOARDS.map((d) =>
      panel("lovelace", d.url_path, {
        title: d.show_in_sidebar ? d.title : null,
        icon: d.show_in_sidebar ? d.icon : null,
        config: { mode: "storage" },
        requireAdmin: d.require_admin,
      }),
    ),
  ];
  return Object.fromEntries(list.map((p) => [p.url_path as string, p]));
}

/** Configs saved over the demo's (`lovelace/config/save`), per demo home. */
const saved = new WeakMap<HomeStore, Map<string, unknown>>();
const savedOf = (conn: ClientConnection) => {
  let configs = saved.get(conn.host.store);
  if (configs === undefined) {
    configs = new Map();
    saved.set(conn.host.store, configs);
  }
  return configs;
};

function dashboardAt(urlPath: unknown): DemoDashboard {
  const dashboard = DASHBOARDS.find((d) => d.url_path === urlPath);
  if (dashboard === undefined) {
    throw new HaError("config_not_found", `Unknown config specified: ${String(urlPath)}`);
  }
  return dashboard;
}

/** lovelace/websocket.py `_handle_errors` and `LovelaceStorage.async_load`, in HA's words. */
function lovelaceConfig(conn: ClientConnection, urlPath: unknown): unknown {
  // The default dashboard (url_path None) is storage mode with nothing saved.
  if (urlPath === undefined || urlPath === null) throw new HaError("config_not_found", "No config found.");
  const dashboard = dashboardAt(urlPath);
  const config = savedOf(conn).get(dashboard.url_path) ?? dashboard.config;
  if (config === null) throw new HaError("config_not_found", "No config found.");
  return config;
}

/** `LovelaceStorage.async_save`: stores it and fires `lovelace_updated` with the url_path. */
function saveConfig(conn: ClientConnection, id: number, msg: Record<string, unknown>): void {
  const dashboard = dashboardAt(msg.url_path);
  savedOf(conn).set(dashboard.url_path, msg.config);
  conn.host.store.fire("lovelace_updated", { url_path: dashboard.url_path });
  conn.result(id, null);
}

/** `DashboardsCollectionWebSocket.ws_list_item`: each stored item plus its mode. */
const dashboardList = () => DASHBOARDS.map(({ config: _config, ...item }) => ({ ...item, mode: "storage" }));

/** Resources of a storage-mode install: one custom card, as HACS leaves them. */
const RESOURCES = [{ id: "b2f9e0c1", type: "module", url: "/hacsfiles/mini-graph-card/mini-graph-card.js" }];

export const LOVELACE_COMMANDS: Record<string, Command> = {
  get_panels: { schema: {}, handle: (conn, id) => conn.result(id, panels()) },
  "lovelace/config": {
    schema: { optional: { url_path: "any", force: "boolean" } },
    handle: (conn, id, msg) => conn.result(id, lovelaceConfig(conn, msg.url_path)),
  },
  "lovelace/config/save": {
    schema: { required: { config: "any" }, optional: { url_path: "any" } },
    handle: saveConfig,
  },
  "lovelace/resources": { schema: {}, handle: (conn, id) => conn.result(id, RESOURCES) },
  "lovelace/dashboards/list": { schema: {}, handle: (conn, id) => conn.result(id, dashboardList()) },
  // lovelace/websocket.py websocket_lovelace_info: the resources' mode.
  "lovelace/info": { schema: {}, handle: (conn, id) => conn.result(id, { resource_mode: "storage" }) },
};

/** The demo's dashboards' url_paths (tests compare what a device is offered with them). */
export const DEMO_DASHBOARDS: ReadonlyArray<Pick<DemoDashboard, "url_path" | "require_admin">> = DASHBOARDS;
