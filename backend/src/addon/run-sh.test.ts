import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettings, SETTINGS_ENV_KEYS } from "../settings/settings.js";
import { envFromOptions } from "./options-env.js";
import { hasCommand, ROOT, readYaml } from "./repo.js";
import { parseOptionType } from "./supervisor-rules.js";

// run.sh runs for real, under the bashio stand-in of the image test (scripts/image-standins/bashio,
// which reads options.json with jq like bashio does). `node` on PATH is a recorder that writes the
// arguments and environment it was started with, in place of the backend.

const BASHIO = path.join(ROOT, "scripts", "image-standins", "bashio");
const RUN_SH = path.join(ROOT, "run.sh");
const config = readYaml("config.yaml");
const defaults = config.options as Record<string, unknown>;
const schema = config.schema as Record<string, string>;

let dir = "";

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-run-sh-"));
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(
    path.join(dir, "bin", "node"),
    '#!/bin/sh\nprintf "%s\\0" "$@" > "$RECORD/args"\nenv -0 > "$RECORD/env"\n',
    { mode: 0o755 },
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Started {
  args: string[];
  env: Record<string, string>;
}

/** Runs run.sh the way with-contenv does (`bashio /run.sh`) with these options in options.json. */
function runWith(options: Record<string, unknown>): Started {
  const file = path.join(dir, "options.json");
  fs.writeFileSync(file, JSON.stringify(options));
  execFileSync("bash", [BASHIO, RUN_SH], {
    env: {
      PATH: `${path.join(dir, "bin")}:${process.env.PATH ?? ""}`,
      BASHIO_STANDIN_OPTIONS: file,
      RECORD: dir,
    },
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 10_000,
  });
  const split = (name: string) => fs.readFileSync(path.join(dir, name), "utf8").split("\0").filter(Boolean);
  const env = Object.fromEntries(
    split("env")
      .filter((line) => line.startsWith("HASYNC_") || line.startsWith("SUPERVISOR_"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { args: split("args"), env };
}

/** A value other than the default for every option, tricky characters included. */
function changedOptions(): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [option, text] of Object.entries(schema)) {
    const type = parseOptionType(text);
    if (type?.kind === "int") changed[option] = type.max;
    else if (type?.kind === "bool") changed[option] = !defaults[option];
    else if (type?.kind === "list") changed[option] = type.values?.find((v) => v !== defaults[option]);
    else changed[option] = `x ${option} $HOME "quoted" 'single' \`id\` \\ end`;
  }
  return changed;
}

describe("run.sh", { timeout: 30_000 }, () => {
  it("execs the compiled backend, and nothing else", () => {
    expect(runWith(defaults).args).toEqual(["/app/backend/dist/main.js"]);
  });

  it("turns the default options into the environment the backend starts with", () => {
    const { env } = runWith(defaults);
    expect(env).toEqual(envFromOptions(defaults));
    expect(env.HASYNC_ADMIN_PASSWORD).toBeUndefined();
    expect(() => parseSettings(env, "/")).not.toThrow();
  });

  it("passes every option through, unchanged by the shell", () => {
    const options = changedOptions();
    const { env } = runWith(options);
    expect(env).toEqual(envFromOptions(options));
    expect(Object.keys(env).filter((key) => !SETTINGS_ENV_KEYS.includes(key))).toEqual([]);
  });

  it("leaves an empty password unset rather than empty or 'null'", () => {
    expect(runWith({ ...defaults, admin_password: "" }).env.HASYNC_ADMIN_PASSWORD).toBeUndefined();
    expect(runWith({ ...defaults, admin_password: null }).env.HASYNC_ADMIN_PASSWORD).toBeUndefined();
  });

  it("starts the backend with TLS from /ssl when ssl is on", () => {
    const settings = parseSettings(runWith({ ...defaults, ssl: true, certfile: "certs/a b.pem" }).env, "/");
    expect(settings.tls).toEqual({ certFile: "/ssl/certs/a b.pem", keyFile: "/ssl/privkey.pem" });
  });

  it("stops, as bashio's strict mode does, when options.json cannot be read", () => {
    fs.rmSync(path.join(dir, "args"), { force: true });
    expect(() =>
      execFileSync("bash", [BASHIO, RUN_SH], {
        env: {
          PATH: `${path.join(dir, "bin")}:${process.env.PATH ?? ""}`,
          BASHIO_STANDIN_OPTIONS: "/nonexistent",
        },
        stdio: "ignore",
        timeout: 10_000,
      }),
    ).toThrow();
    expect(fs.existsSync(path.join(dir, "args"))).toBe(false);
  });
});

describe("the bashio stand-in", { timeout: 30_000 }, () => {
  it("reads options as bashio does: 'null' when missing, true/false, numbers and strings as text", () => {
    const file = path.join(dir, "probe.json");
    const script = path.join(dir, "probe.sh");
    fs.writeFileSync(file, JSON.stringify({ s: "a b", n: 7, t: true, f: false, z: null, e: "" }));
    fs.writeFileSync(
      script,
      'for k in s n t f z e missing; do printf "%s=%s;" "$k" "$(bashio::config "$k")"; done\n' +
        "bashio::config.has_value e || printf 'e-empty;'\nbashio::config.true t && printf 't-true;'\n",
    );
    const out = execFileSync("bash", [BASHIO, script], {
      env: { PATH: process.env.PATH, BASHIO_STANDIN_OPTIONS: file },
      encoding: "utf8",
    });
    expect(out).toBe("s=a b;n=7;t=true;f=false;z=null;e=;missing=null;e-empty;t-true;");
  });
});

// Outside CI a machine without shellcheck skips this; in CI (.ci/run installs it) it must run.
describe.skipIf(!hasCommand("shellcheck") && !process.env.CI)("shellcheck", { timeout: 60_000 }, () => {
  const lint = (args: string[]) =>
    spawnSync("shellcheck", args, { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

  it("passes run.sh as bash", () => {
    const result = lint(["-s", "bash", "run.sh"]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("passes the image test scripts and the stand-ins", () => {
    const standins = ["bashio", "with-contenv", "init", "apk"].map((f) => `scripts/image-standins/${f}`);
    const result = lint(["scripts/test-image.sh", "scripts/check-image.sh", ...standins]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
