import { describe, expect, it } from "vitest";
import { parseSettings, SETTINGS_ENV_KEYS, type Settings } from "../settings/settings.js";
import { envFromOptions, envName, FIXED_ENV } from "./options-env.js";
import { readJson, readText, readYaml } from "./repo.js";
import { type OptionType, parseOptionType } from "./supervisor-rules.js";

// Duplicated truths (STYLE.md habit 12): config.yaml's options ⇔ run.sh ⇔ the backend's settings
// ⇔ translations, and one version everywhere. run.sh's own behaviour is tested in run-sh.test.ts.

const config = readYaml("config.yaml");
const options = config.options as Record<string, unknown>;
const schema = config.schema as Record<string, string>;

/** Settings the add-on does not offer as options, and why. */
const NOT_OPTIONS: Record<string, string> = {
  HASYNC_PORT: "the published LAN port is fixed at 8099 (ports: 8099/tcp)",
  HASYNC_HOST: "all interfaces, so both ingress and the LAN port reach it",
  HASYNC_LOG_FORMAT: "the add-on log shows plain lines",
  HASYNC_FRONTEND_DIR: "the image keeps the UI next to the backend",
  HASYNC_INGRESS_PEER: "the Supervisor's ingress address; only tests change it",
  HASYNC_HA_URL: "the add-on reaches Home Assistant through the Supervisor",
  HASYNC_HA_TOKEN: "the add-on reaches Home Assistant through the Supervisor",
  SUPERVISOR_TOKEN: "set by the Supervisor itself (homeassistant_api: true)",
  HASYNC_ACCESS_TOKEN_LIFETIME_S: "HA's own 30 minutes in the add-on; only tests shorten it",
};

function typeOf(option: string): OptionType {
  const type = parseOptionType(schema[option] ?? "");
  if (type === undefined) throw new Error(`config.yaml schema.${option} does not parse`);
  return type;
}

/** Parses the add-on's default environment with one option changed. */
function parseWith(option: string, value: unknown): Settings {
  return parseSettings(envFromOptions({ ...options, [option]: value }), "/");
}

/** Values at and just past each edge of an option's type: [accepted, rejected]. */
function edges(option: string): [unknown[], unknown[]] {
  const type = typeOf(option);
  switch (type.kind) {
    case "int":
      return [
        [type.min, type.max],
        [(type.min ?? 0) - 1, (type.max ?? 0) + 1],
      ];
    case "str":
    case "password": {
      const shortest = "a".repeat(Math.max(type.min ?? 1, 1));
      if (type.max === undefined) return [[shortest, "some-file.pem"], []];
      return [[shortest, "a".repeat(type.max)], ["a".repeat(type.max + 1)]];
    }
    case "list":
      return [type.values ?? [], ["not-a-choice"]];
    case "bool":
      return [[true, false], []];
    default:
      return [["some-value"], []];
  }
}

describe("options ⇔ backend settings", () => {
  it("every setting is an option, set by run.sh, or deliberately not an option", () => {
    const fromOptions = Object.keys(schema).map(envName);
    const fixed = Object.keys(FIXED_ENV);
    const notOptions = Object.keys(NOT_OPTIONS);
    expect([...fromOptions, ...fixed, ...notOptions].sort()).toEqual([...SETTINGS_ENV_KEYS].sort());
  });

  it("the ingress listener run.sh asks for is the ingress_port config.yaml declares", () => {
    expect(String(config.ingress_port)).toBe(FIXED_ENV.HASYNC_INGRESS_PORT);
    expect(parseSettings(envFromOptions(options), "/").ingressPort).toBe(config.ingress_port);
  });

  it("the add-on's defaults start the backend, with the backend's own defaults", () => {
    const addon = parseSettings(envFromOptions(options), "/");
    const plain = parseSettings({}, "/");
    expect(addon.dataDir).toBe("/data");
    expect(addon.tls).toBeUndefined();
    expect(addon.takeAdminPassword()).toBeUndefined();
    expect([addon.logLevel, addon.adminUsername, addon.maxDeviceConnections]).toEqual([
      plain.logLevel,
      plain.adminUsername,
      plain.maxDeviceConnections,
    ]);
  });

  it.each(Object.keys(schema))(
    "every value the Supervisor lets through for '%s' starts the backend",
    (option) => {
      const [accepted] = edges(option);
      expect(accepted.length).toBeGreaterThan(0);
      for (const value of accepted) expect(() => parseWith(option, value), String(value)).not.toThrow();
    },
  );

  const bounded = Object.keys(schema).filter((option) => edges(option)[1].length > 0);
  it.each(bounded)("the backend refuses what the Supervisor refuses for '%s'", (option) => {
    const [, rejected] = edges(option);
    for (const value of rejected)
      expect(() => parseWith(option, value), String(value)).toThrow(envName(option));
  });

  it("TLS options reach the backend as files under /ssl", () => {
    expect(parseWith("ssl", true).tls).toEqual({
      certFile: "/ssl/fullchain.pem",
      keyFile: "/ssl/privkey.pem",
    });
  });
});

describe("translations ⇔ options", () => {
  it("name and describe exactly the options config.yaml has, and its ports", () => {
    const translations = readYaml("translations/en.yaml");
    expect(Object.keys(translations.configuration as object).sort()).toEqual(Object.keys(schema).sort());
    expect(Object.keys(translations.network as object)).toEqual(Object.keys(config.ports as object));
  });
});

describe("one version everywhere", () => {
  const version = config.version;

  it("config.yaml's version is every package.json's and the lockfile's", () => {
    for (const file of [
      "package.json",
      "hasync/package.json",
      "backend/package.json",
      "frontend/package.json",
    ]) {
      expect(readJson(file).version, file).toBe(version);
    }
    const lock = readJson("package-lock.json") as {
      version: string;
      packages: Record<string, { version: string }>;
    };
    expect(lock.version).toBe(version);
    expect(lock.packages[""]?.version).toBe(version);
  });

  it("the newest CHANGELOG.md entry is that version", () => {
    const newest = /^## (\S+)/m.exec(readText("CHANGELOG.md"))?.[1];
    expect(newest).toBe(version);
  });
});

describe("Dockerfile ⇔ build.yaml", () => {
  it("the Dockerfile's default base is build.yaml's amd64 base", () => {
    const buildFrom = (readYaml("build.yaml").build_from as Record<string, string>).amd64;
    const fallback = /^ARG BUILD_FROM=(\S+)$/m.exec(readText("Dockerfile"))?.[1];
    expect(fallback).toBe(buildFrom);
    expect(/^ARG BUILD_ARCH=(\S+)$/m.exec(readText("Dockerfile"))?.[1]).toBe("amd64");
  });
});
