import type { Command } from "./commands.js";
import type { ClientConnection } from "./connection.js";
import { HaError } from "./errors.js";

/**
 * What HA's frontend reads about the installation, as HA answers the demo's (admin) token:
 * frontend/__init__.py (themes, translations, icons), websocket_api/commands.py (manifests,
 * entity sources). The demo's resources are small stand-ins with HA's shapes.
 */

const components = (conn: ClientConnection) => (conn.host.config().components ?? []) as string[];

/** voluptuous `vol.All(cv.ensure_list, [str])`; HA treats an empty list as "every loaded one". */
function integrationsOf(conn: ClientConnection, value: unknown): string[] {
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? (value as string[]) : [];
  return list.length > 0 ? list : components(conn);
}

const titleOf = (domain: string) => domain.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

const manifest = (domain: string) => ({
  domain,
  name: titleOf(domain),
  documentation: `https://www.home-assistant.io/integrations/${domain}`,
  codeowners: [],
  requirements: [],
  iot_class: "local_push",
});

const reply =
  (answer: (conn: ClientConnection, msg: Record<string, unknown>) => unknown) =>
  (conn: ClientConnection, id: number, msg: Record<string, unknown>) =>
    conn.result(id, answer(conn, msg));

export const INSTALLATION_COMMANDS: Record<string, Command> = {
  "frontend/get_themes": {
    schema: {},
    handle: reply(() => ({
      themes: { "Demo dusk": { "primary-color": "#3b4a6b", "accent-color": "#f2a65a" } },
      default_theme: "default",
      default_dark_theme: null,
    })),
  },
  "frontend/get_translations": {
    schema: {
      required: { language: "string", category: "string" },
      optional: { integration: "any", config_flow: "boolean" },
    },
    handle: reply((conn, msg) => {
      const resources: Record<string, string> = {};
      for (const domain of integrationsOf(conn, msg.integration)) {
        resources[
          `component.${domain}.${msg.category === "title" ? "title" : `${String(msg.category)}.demo`}`
        ] = titleOf(domain);
      }
      return { resources };
    }),
  },
  "frontend/get_icons": {
    schema: { required: { category: "string" }, optional: { integration: "any" } },
    handle: reply((conn, msg) => ({
      resources: Object.fromEntries(
        integrationsOf(conn, msg.integration).map((d) => [d, { default: "mdi:home" }]),
      ),
    })),
  },
  "manifest/list": {
    schema: { optional: { integrations: "string[]" } },
    handle: reply((conn, msg) => integrationsOf(conn, msg.integrations).map(manifest)),
  },
  "manifest/get": {
    schema: { required: { integration: "string" } },
    handle: reply((conn, msg) => {
      const domain = String(msg.integration);
      if (!components(conn).includes(domain)) throw new HaError("not_found", "Integration not found");
      return manifest(domain);
    }),
  },
  "entity/source": {
    schema: {},
    handle: reply((conn) =>
      Object.fromEntries(
        conn.host.store.entryList().map((entry) => [entry.entity_id, { domain: entry.platform }]),
      ),
    ),
  },
};
