import type { DeviceConnection } from "../gateway/connection.js";
import { result, WsError } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";
import { devicePanels } from "./panels.js";
import { TEMPLATE_COMMANDS } from "./templates.js";

/**
 * HA's panels and dashboards for a device: the Overview HA's frontend generates from the scoped
 * registries, plus the HA dashboards the admin allowed this device (`Device.dashboards`). An allowed
 * dashboard's config is HA's own, forwarded as it is: the admin chose to show it, and its cards
 * still get only the device's states (an entity outside the scope shows as unavailable).
 */

/** The default dashboard (`url_path` None in lovelace/__init__.py) is the one the list names `lovelace`. */
const DEFAULT_DASHBOARD = "lovelace";

const allowedOf = (conn: DeviceConnection): ReadonlySet<string> =>
  new Set(conn.host.access.device(conn.deviceId)?.dashboards ?? []);
const ask = (conn: DeviceConnection, message: { type: string; [key: string]: unknown }) =>
  conn.host.ha.command(message);

async function getPanels(conn: DeviceConnection, id: number): Promise<void> {
  const panels = await ask(conn, { type: "get_panels" });
  const visible = conn.host.access.entitiesOf(conn.deviceId);
  conn.send(result(id, devicePanels(panels, allowedOf(conn), visible)));
}

/**
 * lovelace/websocket.py `websocket_lovelace_config`, through `_handle_errors`: a dashboard the
 * device may not open is answered as HA answers for one it does not have (`Unknown config
 * specified: <url_path>`), and the default one as HA answers while nothing is saved for it
 * (`ConfigNotFound`: "No config found."), on which HA's frontend generates the Overview itself
 * (or, asked for `lovelace`, finds no such dashboard in `lovelace/dashboards/list` and opens
 * `home`, the generated Overview). HA's answer for an allowed one comes back as it is.
 */
async function lovelaceConfig(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const urlPath = message.url_path ?? null;
  if (urlPath !== null && typeof urlPath !== "string") {
    throw new WsError("invalid_format", "expected str for dictionary value @ data['url_path']");
  }
  const key = urlPath ?? DEFAULT_DASHBOARD;
  if (!allowedOf(conn).has(key)) {
    if (key === DEFAULT_DASHBOARD) throw new WsError("config_not_found", "No config found.");
    throw new WsError("config_not_found", `Unknown config specified: ${urlPath}`);
  }
  const force = message.force === undefined ? {} : { force: message.force };
  conn.send(result(id, await ask(conn, { type: "lovelace/config", url_path: urlPath, ...force })));
}

/**
 * Storage mode's resources (custom cards' modules) are only needed by HA's own dashboards; a
 * device without one gets what HA answers in safe mode (lovelace/websocket.py: an empty list).
 */
async function lovelaceResources(conn: DeviceConnection, id: number): Promise<void> {
  if (allowedOf(conn).size === 0) return conn.send(result(id, []));
  const answer = await ask(conn, { type: "lovelace/resources" });
  conn.send(result(id, Array.isArray(answer) ? answer : []));
}

/**
 * `lovelace/dashboards/list` is open to any HA user (helpers/collection.py registers the list
 * without `require_admin`): only the allowed dashboards HA has.
 */
async function dashboardsList(conn: DeviceConnection, id: number): Promise<void> {
  const answer = await ask(conn, { type: "lovelace/dashboards/list" });
  const allowed = allowedOf(conn);
  const items = Array.isArray(answer) ? answer : [];
  conn.send(
    result(
      id,
      items.filter((item) => allowed.has((item as { url_path?: unknown } | null)?.url_path as string)),
    ),
  );
}

/** lovelace/websocket.py `websocket_lovelace_info`: whether resources are kept in storage or YAML. */
async function lovelaceInfo(conn: DeviceConnection, id: number): Promise<void> {
  conn.send(result(id, await ask(conn, { type: "lovelace/info" })));
}

const command = (run: Command["run"], schema: Command["schema"] = {}): Command => ({ schema, run });

export const LOVELACE_COMMANDS: CommandRows = [
  ["get_panels", command(getPanels)],
  ["lovelace/config", command(lovelaceConfig, { optional: { url_path: "any", force: "boolean" } })],
  ["lovelace/resources", command(lovelaceResources)],
  ["lovelace/dashboards/list", command(dashboardsList)],
  ["lovelace/info", command(lovelaceInfo)],
  ...TEMPLATE_COMMANDS,
];
