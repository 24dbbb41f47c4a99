import { MCP_PATH } from "hasync";

/** Where the admin pastes what the agent's pairing gave it; never a real token (the admin has none). */
export const TOKEN_PLACEHOLDER = "<device token>";

/**
 * An MCP client's config for HAsync's Streamable HTTP endpoint, as `hasync mcp-config` prints it
 * (hasync/src/cli/mcp-config.ts): `url` is the device address on the LAN (`http://<host>:8099/`)
 * with `/mcp`, a path prefix kept and a query dropped.
 */
export function mcpSnippet(deviceAddress: string): string {
  const url = new URL(deviceAddress);
  url.search = "";
  url.hash = "";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${MCP_PATH}`;
  const config = {
    mcpServers: {
      home: { type: "http", url: url.href, headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}` } },
    },
  };
  return JSON.stringify(config, null, 2);
}
