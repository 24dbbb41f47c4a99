import fs from "node:fs";
import path from "node:path";
import type { Device } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer, tempDir } from "../test-support/harness.js";
import { type CliRun, CliRunner, writeDeviceFile } from "../test-support/hasync-cli.js";
import { adminPost } from "../test-support/pairing.js";

/**
 * The built `hasync` CLI (hasync/dist/cli.js, so build hasync first) run as a child process
 * against the real server on 127.0.0.1, with a real clock: it polls every 5 s like a real device.
 */
const TOKEN = /^hasync_[A-Za-z0-9_-]{43}$/;
/** The boxed, letter-spaced user code: "║    A C D E - F G 3 4    ║". */
const CODE_BOX = /║ +((?:[A-Z0-9] ){4}- (?:[A-Z0-9] ?){4}) +║/;
/** A pairing takes one 5-second poll interval, and each CLI start a second on a busy machine. */
const TEST_MS = 30_000;

let server: TestServer;
let demo: DemoHomeAssistant;
let dir: string;
let runner: CliRunner;

beforeAll(async () => {
  server = await startTestServer({ env: { HASYNC_INGRESS_PEER: "127.0.0.1" } });
  demo = new DemoHomeAssistant({ driftIntervalMs: 0 });
  await demo.start();
  dir = tempDir("hasync-cli-");
  runner = new CliRunner({ XDG_CONFIG_HOME: path.join(dir, "xdg-unused") });
});
afterAll(async () => {
  // Concurrent tests share the runner, so leftovers are killed only once all are done.
  runner.killAll();
  await server.close();
  await demo.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runner.run(args, env);

async function shownCode(run: CliRun): Promise<string> {
  const [, spaced] = await run.waitFor(CODE_BOX);
  return (spaced ?? "").replaceAll(" ", "");
}

describe("hasync pair", { timeout: TEST_MS }, () => {
  it.concurrent("shows the code and a QR code, waits for approval and saves the token 0600", async () => {
    const file = path.join(dir, "kitchen", "device.json");
    const run = cli(["pair", server.url, "--name", "Kitchen tablet", "--type", "tablet", "--save", file]);
    const userCode = await shownCode(run);
    await run.waitFor(/Waiting for approval\. The code expires in 10 minutes; Ctrl-C cancels\.\n/);
    expect(run.stdout()).toContain(`${server.url}/admin/pair`);
    expect(run.stdout()).toMatch(/[▀▄█]/);
    const approve = await adminPost(server.url, "/pairing/approve", {
      user_code: userCode,
      scope: { areas: ["kitchen"] },
    });
    expect(approve.status).toBe(201);
    const device = (await approve.json()) as Device;
    expect(await run.exit()).toBe(0);
    expect(run.stderr()).toBe("");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(saved).toMatchObject({ base_url: server.url, device_id: device.id, name: "Kitchen tablet" });
    expect(saved.access_token).toMatch(TOKEN);
    expect(run.stdout()).toContain(
      `Approved: read access to area kitchen.\nSaved the device token to ${file}`,
    );
    expect(run.stdout()).not.toContain(saved.access_token);
    expect(server.hasync.devices.authenticate(String(saved.access_token), "127.0.0.1")?.id).toBe(device.id);
  });

  it.concurrent("saves to $XDG_CONFIG_HOME/hasync/device.json and prints the token once with --print-token", async () => {
    const xdg = path.join(dir, "xdg");
    const run = cli(["pair", server.url, "--name", "Hall kiosk", "--print-token"], { XDG_CONFIG_HOME: xdg });
    const userCode = await shownCode(run);
    await adminPost(server.url, "/pairing/approve", { user_code: userCode, scope: {} });
    expect(await run.exit()).toBe(0);
    const file = path.join(xdg, "hasync", "device.json");
    const { access_token } = JSON.parse(fs.readFileSync(file, "utf8")) as { access_token: string };
    expect(run.stdout().split(access_token)).toHaveLength(2);
    expect(run.stdout()).toContain(`Saved the device token to ${file}`);
  });

  it.concurrent("exits 1 with one line when the admin denies", async () => {
    const file = path.join(dir, "denied", "device.json");
    const run = cli(["pair", server.url, "--name", "Stranger", "--save", file]);
    const userCode = await shownCode(run);
    expect((await adminPost(server.url, "/pairing/deny", { user_code: userCode })).status).toBe(204);
    expect(await run.exit()).toBe(1);
    expect(run.stderr()).toBe("hasync: An admin denied this device.\n");
    expect(fs.existsSync(file)).toBe(false);
  });

  it("stops on Ctrl-C with exit status 1", async () => {
    const run = cli([
      "pair",
      server.url,
      "--name",
      "Impatient",
      "--save",
      path.join(dir, "x", "device.json"),
    ]);
    await run.waitFor(/Waiting for approval/);
    run.child.kill("SIGINT");
    expect(await run.exit(5000)).toBe(1);
    expect(run.stderr()).toBe("hasync: pairing cancelled\n");
  });

  it("exits 2 on a bad command line and 1 when the server is unreachable, without stack traces", async () => {
    const usage = cli(["pair", server.url]);
    expect(await usage.exit()).toBe(2);
    expect(usage.stderr()).toBe(
      'hasync: pair needs --name, e.g. --name "Kitchen tablet"\nRun "hasync help" for usage.\n',
    );
    const down = cli([
      "pair",
      "http://127.0.0.1:9",
      "--name",
      "x",
      "--save",
      path.join(dir, "y", "device.json"),
    ]);
    expect(await down.exit()).toBe(1);
    expect(down.stderr()).toMatch(/^hasync: cannot reach http:\/\/127\.0\.0\.1:9: .+\n$/);
  });
});

/** A device file for the demo Home Assistant: it speaks the protocol HAsync's device API speaks. */
function demoDeviceFile(token = demo.token): string {
  const file = path.join(dir, `demo-${token.slice(0, 6)}.json`);
  writeDeviceFile(file, { base_url: demo.url, access_token: token, name: "Demo reader" });
  return file;
}

describe("hasync states and watch", { timeout: TEST_MS }, () => {
  it("lists the visible entities as a table, or as JSON", async () => {
    const file = demoDeviceFile();
    const table = cli(["states", "--file", file]);
    expect(await table.exit()).toBe(0);
    const lines = table.stdout().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ENTITY +STATE +NAME$/);
    expect(lines).toContainEqual(expect.stringMatching(/^light\.kitchen_spots +\S+ +Kitchen Spots$/));
    expect(lines.at(-1)).toBe(`${demo.entityCount} entities`);
    const json = cli(["states", "--file", file, "--json"]);
    expect(await json.exit()).toBe(0);
    expect((JSON.parse(json.stdout()) as unknown[]).length).toBe(demo.entityCount);
  });

  it("prints changes live until Ctrl-C, then exits 0", async () => {
    demo.setState("input_boolean.guest_mode", "off");
    const run = cli(["watch", "--file", demoDeviceFile()]);
    await run.waitFor(new RegExp(`watching ${demo.entityCount} entities as "Demo reader"`));
    demo.setState("input_boolean.guest_mode", "on");
    await run.waitFor(/\d\d:\d\d:\d\d {4}input_boolean\.guest_mode {2}off → on\n/);
    run.child.kill("SIGINT");
    expect(await run.exit(5000)).toBe(0);
    expect(run.stderr()).toBe("");
  });

  it("exits 1 with one line for a rejected token or a missing device file", async () => {
    const rejected = cli(["states", "--file", demoDeviceFile("revoked-token")]);
    expect(await rejected.exit()).toBe(1);
    expect(rejected.stderr()).toBe("hasync: token rejected: revoked or expired\n");
    const watch = cli(["watch", "--file", demoDeviceFile("revoked-token")]);
    expect(await watch.exit()).toBe(1);
    expect(watch.stderr()).toBe("hasync: token rejected: revoked or expired\n");
    const missing = cli(["states"], { XDG_CONFIG_HOME: path.join(dir, "empty") });
    expect(await missing.exit()).toBe(1);
    expect(missing.stderr()).toMatch(/^hasync: no paired device in .+device\.json: run "hasync pair/);
  });
});
