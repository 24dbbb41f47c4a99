import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { RawHaClient } from "../test-support/ha-raw-client.js";

/**
 * The script runs in this very process's Node with tsx as a loader, so a signal reaches the CLI
 * itself. Not through tsx's own CLI: that relays a signal to its child and, when the child has
 * not acknowledged it within 30 ms (a loaded machine), kills it and exits 143. Not `npx` either,
 * which would signal only npm and orphan the script. `--import` from Node 20.6 (and 18.19);
 * the add-on's Node 18.16 has only `--loader`.
 */
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const loaderFlags =
  major > 20 || (major === 20 && minor >= 6) || (major === 18 && minor >= 19)
    ? ["--import", "tsx"]
    : ["--no-warnings", "--loader", "tsx/esm"];
const cliPath = fileURLToPath(new URL("./cli.ts", import.meta.url));
let child: ChildProcess | undefined;

function launch(args: string[]): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, [...loaderFlags, cliPath, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("entities:")) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { child: proc, output: () => output, ready, exited };
}

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
});

describe("demo-ha CLI", () => {
  it("prints its URL and token, serves HA's API, and stops cleanly on SIGTERM", async () => {
    const run = launch([
      "--port",
      "0",
      "--token",
      "cli-token",
      "--seed",
      "3",
      "--entities",
      "20",
      "--event-rate",
      "10",
    ]);
    await run.ready;
    const url = /url:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1];
    expect(url).toBeDefined();
    expect(run.output()).toContain("token:    cli-token");
    const res = await fetch(`${url}/api/states`, { headers: { Authorization: "Bearer cli-token" } });
    expect(((await res.json()) as unknown[]).length).toBe(Number(/entities: (\d+)/.exec(run.output())?.[1]));
    const ws = await RawHaClient.authenticated(String(url), "cli-token");
    ws.send({ id: 1, type: "ping" });
    expect(await ws.reply(1)).toEqual({ id: 1, type: "pong" });
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    await ws.closed;
    await expect(fetch(`${url}/api/`)).rejects.toThrow();
  }, 30_000);

  it("refuses a bad option value with exit code 2", async () => {
    const run = launch(["--port", "eighty"]);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("--port must be a whole number");
  }, 30_000);
});
