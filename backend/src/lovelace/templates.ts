import type { DeviceConnection } from "../gateway/connection.js";
import { eventJson, result, unauthorized } from "../gateway/messages.js";
import type { Command, CommandRows, Message } from "../gateway/room.js";
import { checkRoom } from "../gateway/room-limit.js";

/**
 * `render_template` (websocket_api/commands.py `handle_render_template`) is open to any HA user,
 * and a template can read every state of the house (`states`, `expand`, `area_entities`…), so
 * HAsync never sends one to HA. HA's own dashboards use it for text that names only the
 * variables the card passes (the `home` Overview's "Welcome {{ user }}" heading, markdown cards
 * with `{{ config.title }}`): such a template — literal text and `{{ name }}` / `{{ a.b }}` of
 * the given variables, nothing else — reads nothing of the house, and is rendered here as Jinja
 * would, answered in HA's shapes (the result, then one event with the text and no listeners).
 * Anything else is refused `unauthorized`, as before.
 */

const EXPRESSION = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
/** Statements, comments and any expression the pattern above does not take whole. */
const ANYTHING_ELSE = /\{%|\{#|\{\{/;
const MAX_TEMPLATE = 4096;

/** What HA's `async_track_template_result` reports for a template that reads no state. */
const NO_LISTENERS = { all: false, domains: [], entities: [], time: false };

function lookup(variables: unknown, path: string): string | null {
  let value: unknown = variables;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** The rendered text, or null when the template does more than name the given variables. */
export function renderVariablesOnly(template: string, variables: unknown): string | null {
  if (template.length > MAX_TEMPLATE) return null;
  let unresolved = false;
  const rendered = template.replace(EXPRESSION, (_match, path: string) => {
    const value = lookup(variables, path);
    if (value === null) unresolved = true;
    return value ?? "";
  });
  if (unresolved || ANYTHING_ELSE.test(template.replace(EXPRESSION, ""))) return null;
  return rendered;
}

function renderTemplate(conn: DeviceConnection, id: number, message: Message): void {
  const text = renderVariablesOnly(message.template as string, message.variables ?? {});
  if (text === null) throw unauthorized();
  checkRoom(conn);
  // Nothing it shows can change: the subscription only waits for its unsubscribe.
  conn.subscriptions.set(id, { stop: () => undefined, scopeChanged: () => undefined });
  conn.send(result(id));
  conn.send(eventJson(id, JSON.stringify({ result: text, listeners: NO_LISTENERS })));
}

const schema: Command["schema"] = {
  required: { template: "string" },
  optional: {
    entity_ids: "entity_ids",
    variables: "object",
    timeout: "number",
    strict: "boolean",
    report_errors: "boolean",
  },
};

export const TEMPLATE_COMMANDS: CommandRows = [["render_template", { schema, run: renderTemplate }]];
