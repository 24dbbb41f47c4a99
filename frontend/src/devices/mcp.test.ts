import { describe, expect, it } from "vitest";
import { mcpSnippet } from "./mcp.js";

describe("the MCP client snippet", () => {
  it("points at the device address's /mcp with a placeholder for the agent's token", () => {
    expect(JSON.parse(mcpSnippet("http://192.168.1.20:8099/"))).toEqual({
      mcpServers: {
        home: {
          type: "http",
          url: "http://192.168.1.20:8099/mcp",
          headers: { Authorization: "Bearer <device token>" },
        },
      },
    });
  });

  it("keeps a path prefix and drops a query", () => {
    const snippet = JSON.parse(mcpSnippet("https://example.lan/hasync/?x=1"));
    expect(snippet.mcpServers.home.url).toBe("https://example.lan/hasync/mcp");
  });
});
