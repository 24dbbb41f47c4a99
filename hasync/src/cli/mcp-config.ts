import { parseBaseUrl } from "../client.js";
import { MCP_PATH } from "../guard.js";
import type { DeviceFile } from "./device-file.js";

/** The key the snippet gives HAsync among the client's servers. */
export const MCP_SERVER_KEY = "home";

/**
 * The `mcpServers` entry MCP clients read (Claude Desktop / Claude Code, Cursor and others take
 * this shape): HAsync's Streamable HTTP endpoint with the device token as a bearer header.
 */
export interface McpClientConfig {
  mcpServers: Record<string, { type: "http"; url: string; headers: { Authorization: string } }>;
}

/**
 * The snippet for a paired device. The endpoint is resolved against the saved base URL, so an
 * HAsync behind a path prefix keeps it (`MCP_PATH` is absolute on HAsync's own port).
 */
export function mcpClientConfig(device: Pick<DeviceFile, "base_url" | "access_token">): McpClientConfig {
  const url = new URL(MCP_PATH.replace(/^\//, ""), parseBaseUrl(device.base_url));
  return {
    mcpServers: {
      [MCP_SERVER_KEY]: {
        type: "http",
        url: url.href,
        headers: { Authorization: `Bearer ${device.access_token}` },
      },
    },
  };
}
