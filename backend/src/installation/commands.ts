import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result, WsError } from "../gateway/messages.js";
import type { Command, CommandRows, Message, Subscription } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";
import { HaCommandError } from "../ha/types.js";
import { askable, ensureList, keepKeys, knownIntegrations } from "./scope.js";

/**
 * What HA's frontend reads about the installation on start (panels, themes, translations, icons,
 * manifests, entity sources), answered for the device's scope: only the integrations its
 * `get_config` lists, only its entities. Panels and dashboards are lovelace/'s.
 */

const visible = (conn: DeviceConnection) => conn.host.access.entitiesOf(conn.deviceId);
const known = (conn: DeviceConnection) => knownIntegrations(conn.host.mirror, visible(conn));
const ask = (conn: DeviceConnection, message: Message) => conn.host.ha.command(message as { type: string });

/** HA's answer when it has no themes (frontend/__init__.py websocket_get_themes in recovery mode). */
const NO_THEMES = { themes: {}, default_theme: "default", default_dark_theme: null };
const LINK_DOWN: ReadonlySet<string> = new Set(["not_connected", "connection_lost", "timeout"]);

/**
 * Themes are the admin's colours and say nothing about the house: HA's own, or HA's no-theme
 * answer while HA is away, so a dashboard still starts.
 */
async function getThemes(conn: DeviceConnection, id: number): Promise<void> {
  let answer: Record<string, unknown>;
  try {
    answer = ((await ask(conn, { type: "frontend/get_themes" })) ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof HaCommandError) || !LINK_DOWN.has(error.code)) throw error;
    answer = NO_THEMES;
  }
  const { themes = {}, default_theme = "default", default_dark_theme = null } = answer;
  conn.send(result(id, { themes, default_theme, default_dark_theme }));
}

/** Keys are `component.<integration>.…`: asked only for known integrations, and checked again. */
async function getTranslations(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const integrations = askable(known(conn), ensureList(message.integration, "integration"));
  if (integrations.length === 0) return conn.send(result(id, { resources: {} }));
  const { language, category, config_flow } = message;
  const answer = await ask(conn, {
    type: "frontend/get_translations",
    language,
    category,
    integration: integrations,
    ...(config_flow === undefined ? {} : { config_flow }),
  });
  const prefixes = integrations.map((domain) => `component.${domain}.`);
  const resources = keepKeys((answer as { resources?: unknown } | null)?.resources, (key) =>
    prefixes.some((prefix) => key.startsWith(prefix)),
  );
  conn.send(result(id, { resources }));
}

/** Icons are keyed by integration (`helpers/icon.py async_get_icons`). */
async function getIcons(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const integrations = askable(known(conn), ensureList(message.integration, "integration"));
  if (integrations.length === 0) return conn.send(result(id, { resources: {} }));
  const answer = await ask(conn, {
    type: "frontend/get_icons",
    category: message.category,
    integration: integrations,
  });
  const wanted = new Set(integrations);
  const resources = keepKeys((answer as { resources?: unknown } | null)?.resources, (key) => wanted.has(key));
  conn.send(result(id, { resources }));
}

async function manifestList(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  // handle_manifest_list reads an empty list as "every loaded integration": here, every known one.
  const asked = message.integrations as string[] | undefined;
  const integrations = askable(known(conn), asked?.length ? asked : undefined);
  if (integrations.length === 0) return conn.send(result(id, []));
  const answer = await ask(conn, { type: "manifest/list", integrations });
  const wanted = new Set(integrations);
  const manifests = Array.isArray(answer) ? answer : [];
  conn.send(
    result(
      id,
      manifests.filter((item) => wanted.has((item as { domain?: string } | null)?.domain ?? "")),
    ),
  );
}

/** An integration outside the scope is answered as one HA does not have. */
async function manifestGet(conn: DeviceConnection, id: number, message: Message): Promise<void> {
  const integration = message.integration as string;
  if (!known(conn).has(integration)) throw new WsError("not_found", "Integration not found");
  conn.send(result(id, await ask(conn, { type: "manifest/get", integration })));
}

/** `{entity_id: {domain}}` for every entity HA has: only the visible ones are kept. */
async function entitySource(conn: DeviceConnection, id: number): Promise<void> {
  const answer = await ask(conn, { type: "entity/source" });
  const scope = visible(conn);
  conn.send(
    result(
      id,
      keepKeys(answer, (entityId) => scope.has(entityId)),
    ),
  );
}

/**
 * A subscription HA only ever feeds with what a device may not learn (integrations being set up,
 * custom frontend modules): accepted, as HA accepts it, and never fed — which is what a running HA
 * without extra modules sends.
 */
class SilentSubscription implements Subscription {
  stop(): void {
    // Nothing was opened at HA.
  }
  scopeChanged(): void {
    // It delivers nothing, so no scope change alters it.
  }
}

function subscribeSilently(conn: DeviceConnection, id: number): void {
  checkRoom(conn);
  conn.subscriptions.set(id, new SilentSubscription());
  conn.send(result(id));
}

/**
 * Persistent notifications are free text that automations and integrations write about anything
 * in the house: a device gets HA's answer for a house without any (persistent_notification/
 * __init__.py: a `current` event with no notifications, then only changes — of which it gets none).
 */
function subscribeNotifications(conn: DeviceConnection, id: number): void {
  subscribeSilently(conn, id);
  conn.send(eventJson(id, '{"type":"current","notifications":{}}'));
}

const command = (run: Command["run"], schema: Command["schema"] = {}): Command => ({ schema, run });

export const INSTALLATION_COMMANDS: CommandRows = [
  ["frontend/get_themes", command(getThemes)],
  [
    "frontend/get_translations",
    command(getTranslations, {
      required: { language: "string", category: "string" },
      optional: { integration: "any", config_flow: "boolean" },
    }),
  ],
  [
    "frontend/get_icons",
    command(getIcons, { required: { category: "string" }, optional: { integration: "any" } }),
  ],
  ["frontend/subscribe_extra_js", command(subscribeSilently)],
  ["persistent_notification/subscribe", command(subscribeNotifications)],
  ["persistent_notification/get", command((conn, id) => conn.send(result(id, [])))],
  // websocket_api/commands.py
  ["subscribe_bootstrap_integrations", command(subscribeSilently)],
  ["manifest/list", command(manifestList, { optional: { integrations: "string_list" } })],
  ["manifest/get", command(manifestGet, { required: { integration: "string" } })],
  ["entity/source", command(entitySource)],
  // handle_integration_wait: an integration outside the scope is one that is not loaded.
  [
    "integration/wait",
    command(
      (conn, id, message) =>
        conn.send(result(id, { integration_loaded: known(conn).has(message.domain as string) })),
      { required: { domain: "string" } },
    ),
  ],
];
