import { describe, expect, it } from "vitest";
import {
  buildProblems,
  configProblems,
  optionValueProblem,
  parseOptionType,
  repositoryProblems,
  translationProblems,
} from "./supervisor-rules.js";

/** A small config the rules accept; each test breaks one thing in a copy. */
function validConfig(): Record<string, unknown> {
  return {
    name: "Example",
    version: "1.0.0",
    slug: "example",
    description: "An example",
    arch: ["aarch64", "amd64"],
    init: false,
    ingress: true,
    ports: { "8099/tcp": 8099 },
    ports_description: { "8099/tcp": "Web" },
    map: ["ssl:ro"],
    options: { level: "info", limit: 5 },
    schema: { level: "list(info|debug)", limit: "int(1,10)", secret: "password?" },
  };
}

describe("config.yaml rules", () => {
  it("accept a valid config", () => {
    expect(configProblems(validConfig())).toEqual([]);
  });

  it.each([
    ["a missing required key", { slug: undefined }, "slug: required"],
    ["a slug with a space", { slug: "my addon" }, "slug: only letters"],
    ["a numeric version", { version: 1 }, "version: must be a string"],
    ["a deprecated architecture", { arch: ["amd64", "armv7"] }, "arch: 'armv7'"],
    ["no architecture", { arch: [] }, "arch: at least one"],
    ["an unknown key", { colour: "red" }, "colour: not a key"],
    ["a key at its default", { boot: "auto" }, "boot: set to its default"],
    ["the default ingress port", { ingress_port: 8099 }, "ingress_port: set to its default"],
    ["init left at true", { init: true }, "init: set to its default"],
    ["webui beside ingress", { webui: "http://[HOST]:[PORT:8099]/" }, "webui: not with ingress"],
    ["a watchdog", { watchdog: "http://[HOST]:[PORT:8099]/health" }, "watchdog: obsolete"],
    ["a bad port key", { ports: { "8099": 8099 } }, "ports.8099: expected"],
    [
      "a described port that is not published",
      { ports_description: { "1/tcp": "x" } },
      "ports_description.1/tcp",
    ],
    ["an unknown mapping", { map: ["everything:rw"] }, "map: 'everything:rw'"],
    ["a url that is not one", { url: "not a url" }, "url: not a URL"],
  ])("report %s", (_what, change, expected) => {
    const problems = configProblems({ ...validConfig(), ...change });
    expect(problems.some((p) => p.includes(expected))).toBe(true);
  });

  it("report option types outside the Supervisor's grammar", () => {
    const config = {
      ...validConfig(),
      schema: { level: "list(info|debug)", limit: "integer", secret: "str=x" },
    };
    expect(configProblems(config)).toEqual([
      "schema.limit: 'integer' is not an option type the Supervisor accepts",
      "schema.secret: 'str=x' is not an option type the Supervisor accepts",
    ]);
  });

  it("report defaults that do not fit their type, and options without a schema", () => {
    const config = { ...validConfig(), options: { level: "loud", limit: 11, extra: 1 } };
    expect(configProblems(config)).toEqual([
      "options.level: the default must be one of info, debug",
      "options.limit: the default must be an integer in range",
      "options.extra: not in the schema",
    ]);
  });

  it("report a required option without a default", () => {
    const config = { ...validConfig(), schema: { ...(validConfig().schema as object), token: "str" } };
    expect(configProblems(config)).toEqual(["options.token: required by the schema but has no default"]);
  });
});

describe("option types", () => {
  it("parse bounds, optionality and list values", () => {
    expect(parseOptionType("int(1,10000)")).toMatchObject({
      kind: "int",
      optional: false,
      min: 1,
      max: 10000,
    });
    expect(parseOptionType("str(1,64)")).toMatchObject({ kind: "str", min: 1, max: 64 });
    expect(parseOptionType("password?")).toMatchObject({ kind: "password", optional: true });
    expect(parseOptionType("password(10,)")).toMatchObject({ kind: "password", min: 10, max: undefined });
    expect(parseOptionType("float(-1.5,.5)")).toMatchObject({ kind: "float", min: -1.5, max: 0.5 });
    expect(parseOptionType("list(a|b|c)?")).toMatchObject({
      kind: "list",
      optional: true,
      values: ["a", "b", "c"],
    });
    expect(parseOptionType("match(^\\d+$)")).toMatchObject({ kind: "match" });
  });

  it("reject what the Supervisor rejects", () => {
    for (const text of ["string", "int(a,b)", "list()", "str=admin", "bool!", "password??"]) {
      expect(parseOptionType(text), text).toBeUndefined();
    }
  });

  it("check values against their type", () => {
    const int = parseOptionType("int(1,10)");
    const str = parseOptionType("str(2,3)");
    if (int === undefined || str === undefined) throw new Error("grammar");
    expect([optionValueProblem(int, 1), optionValueProblem(int, 10)]).toEqual([undefined, undefined]);
    expect([
      optionValueProblem(int, 0),
      optionValueProblem(int, 2.5),
      optionValueProblem(int, "5"),
    ]).not.toContain(undefined);
    expect([optionValueProblem(str, "ab"), optionValueProblem(str, "abcd")]).toEqual([
      undefined,
      "a string of the allowed length",
    ]);
  });
});

describe("build.yaml, repository.yaml and translation rules", () => {
  const arch = ["aarch64", "amd64"];
  const from = {
    aarch64: "ghcr.io/home-assistant/aarch64-base:3.15",
    amd64: "ghcr.io/home-assistant/amd64-base:3.15",
  };

  it("accept a valid build.yaml and report its mistakes", () => {
    expect(buildProblems({ build_from: from, labels: { a: "b" } }, arch)).toEqual([]);
    expect(buildProblems({ build_from: { amd64: from.amd64 } }, arch)[0]).toContain(
      "build_from: covers amd64",
    );
    expect(buildProblems({ build_from: from, squash: false, args: {} }, arch)).toEqual([
      "squash: set to its default value; remove it",
      "args: a non-empty map, or leave it out",
    ]);
    expect(buildProblems({ build_from: { ...from, amd64: "not an image!" }, image: "x" }, arch)).toEqual([
      "image: not a build.yaml key",
      "build_from.amd64: bad image",
    ]);
  });

  it("accept a valid repository.yaml and report its mistakes", () => {
    expect(repositoryProblems({ name: "Add-ons", url: "https://example.org/x", maintainer: "me" })).toEqual(
      [],
    );
    expect(repositoryProblems({ url: "nope", owner: "me" })).toEqual([
      "name: required",
      "owner: not a repository.yaml key",
      "url: not a URL",
    ]);
  });

  it("require a translation for exactly the schema's options", () => {
    const config = validConfig();
    const entry = { name: "N", description: "D" };
    const complete = {
      configuration: { level: entry, limit: entry, secret: entry },
      network: { "8099/tcp": "x" },
    };
    expect(translationProblems(complete, config)).toEqual([]);
    const broken = {
      configuration: { level: entry, limit: { name: "N" }, gone: entry },
      network: { "1/tcp": "x" },
    };
    expect(translationProblems(broken, config)).toEqual([
      "configuration.limit: needs a name and a description",
      "configuration.secret: needs a name and a description",
      "configuration.gone: no such option",
      "network.1/tcp: no such port",
    ]);
  });
});
