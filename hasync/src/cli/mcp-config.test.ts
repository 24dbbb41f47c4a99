import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeviceFile } from "./device-file.js";
import { mcpClientConfig } from "./mcp-config.js";
import { runCli } from "./run.js";

const TOKEN = `hasync_${"b".repeat(43)}`;
const agent: DeviceFile = {
  base_url: "http://192.168.1.20:8099",
  device_id: "dev_agent",
  name: "Assistant",
  access_token: TOKEN,
  scope: { areas: ["kitchen"], entities: [], exclude: [], access: "read" },
  paired_at: "2026-12-01T12:00:00.000Z",
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-mcp-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    signal: new AbortController().signal,
    tty: false,
  });
  return { status, out: out.join("\n"), err: err.join("\n") };
}

function writeDevice(file: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(agent), { mode });
  fs.chmodSync(file, mode);
}

describe("mcpClientConfig", () => {
  it("points at HAsync's /mcp with the device token as bearer", () => {
    expect(mcpClientConfig(agent)).toEqual({
      mcpServers: {
        home: {
          type: "http",
          url: "http://192.168.1.20:8099/mcp",
          headers: { Authorization: `Bearer ${TOKEN}` },
        },
      },
    });
  });

  it("keeps a path prefix and drops a query from the saved address", () => {
    const behindProxy = { ...agent, base_url: "https://example.lan/hasync?x=1" };
    expect(mcpClientConfig(behindProxy).mcpServers.home?.url).toBe("https://example.lan/hasync/mcp");
  });
});

describe("hasync mcp-config", () => {
  it("prints the snippet as JSON on stdout, from the default device file", async () => {
    const xdg = path.join(dir, "xdg");
    writeDevice(path.join(xdg, "hasync", "device.json"), 0o600);
    const { status, out, err } = await run(["mcp-config"], { XDG_CONFIG_HOME: xdg });
    expect(status).toBe(0);
    expect(JSON.parse(out)).toEqual(mcpClientConfig(agent));
    expect(err).toBe("");
  });

  it("keeps the token off stderr, even when it warns about the file", async () => {
    const file = path.join(dir, "agent.json");
    writeDevice(file, 0o644);
    const { status, out, err } = await run(["mcp-config", "--file", file]);
    expect(status).toBe(0);
    expect(out).toContain(TOKEN);
    if (process.platform !== "win32") expect(err).toMatch(/readable by other users; run chmod 600/);
    expect(err).not.toContain(TOKEN);
  });

  it("says how to pair when there is no device file, and prints nothing", async () => {
    const file = path.join(dir, "missing.json");
    const { status, out, err } = await run(["mcp-config", "--file", file]);
    expect(status).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(`hasync: no paired device in ${file}: run "hasync pair <url> --name <name>" first`);
  });
});
