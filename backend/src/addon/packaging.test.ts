import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasCommand, ROOT, readText, readYaml, repositoryFiles } from "./repo.js";
import {
  buildProblems,
  configProblems,
  repositoryProblems,
  SUPPORTED_ARCH,
  translationProblems,
} from "./supervisor-rules.js";

const config = readYaml("config.yaml");
const YAML_FILES = ["config.yaml", "build.yaml", "repository.yaml", "translations/en.yaml", ".yamllint"];

describe("the add-on as the Supervisor reads it", () => {
  it("config.yaml, build.yaml, repository.yaml and translations/en.yaml break no rule", () => {
    expect(configProblems(config)).toEqual([]);
    expect(buildProblems(readYaml("build.yaml"), config.arch as string[])).toEqual([]);
    expect(repositoryProblems(readYaml("repository.yaml"))).toEqual([]);
    expect(translationProblems(readYaml("translations/en.yaml"), config)).toEqual([]);
  });

  it("is the hasync add-on for aarch64 and amd64, behind ingress, on s6-overlay's init", () => {
    expect(config).toMatchObject({ slug: "hasync", init: false, ingress: true, homeassistant_api: true });
    expect([...(config.arch as string[])].sort()).toEqual(SUPPORTED_ARCH);
    expect(config.ports).toEqual({ "8099/tcp": 8099 });
    expect(config.map).toContain("ssl:ro");
  });

  it("has no other file named config.yaml, config.yml or config.json (each would be another add-on)", () => {
    const named = repositoryFiles().filter((file) => /^config\.(ya?ml|json)$/.test(path.basename(file)));
    expect(named).toEqual(["config.yaml"]);
  });

  it("has the store's files beside config.yaml, with a square icon", () => {
    for (const file of [
      "DOCS.md",
      "CHANGELOG.md",
      "icon.png",
      "logo.png",
      "translations/en.yaml",
      "run.sh",
    ]) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    const png = fs.readFileSync(path.join(ROOT, "icon.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20));
    expect(fs.statSync(path.join(ROOT, "run.sh")).mode & 0o111).not.toBe(0);
  });
});

/** The Dockerfile's instructions, one per logical line, grouped by stage. */
function dockerfileStages(): string[][] {
  const lines = readText("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
  const stages: string[][] = [];
  for (const line of lines) {
    if (line.startsWith("FROM ")) stages.push([]);
    stages.at(-1)?.push(line);
  }
  return stages;
}

describe("the Dockerfile's design (issue #8)", () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1) ?? [];

  it("has three stages: build, runtime builder, and the add-on on BUILD_FROM", () => {
    const froms = stages.map((stage) => stage[0]);
    expect(froms).toHaveLength(3);
    expect(froms[0]).toMatch(/^FROM \$\{NODE_BUILD_IMAGE\} AS build$/);
    expect(froms[1]).toMatch(/^FROM \$\{NODE_RUNTIME_IMAGE\} AS runtime-builder$/);
    expect(froms[2]).toMatch(/^FROM \$\{BUILD_FROM\}$/);
    expect(readText("Dockerfile")).toMatch(/^ARG NODE_RUNTIME_IMAGE=node:18-alpine3\.16$/m);
  });

  it("copies node, libstdc++, libgcc_s and the musl loader from the runtime builder", () => {
    const copies = runtime.filter((line) => line.startsWith("COPY --from=runtime-builder")).join("\n");
    for (const file of [
      "/usr/local/bin/node",
      "/usr/lib/libstdc++.so.6",
      "/usr/lib/libgcc_s.so.1",
      "/lib/ld-musl-*.so.1",
    ]) {
      expect(copies).toContain(file);
    }
  });

  it("verifies every stage with a RUN after its last install or copy of the runtime", () => {
    for (const stage of stages)
      expect(stage.some((line) => /^RUN .*(test |node -e|--version)/.test(line))).toBe(true);
  });

  it("ships no npm and installs nothing once the musl loader is replaced", () => {
    const loader = runtime.findIndex((line) => line.includes("ld-musl"));
    expect(runtime.some((line) => /\bnpm\b|\bnpx\b/.test(line))).toBe(false);
    const installs = /^RUN .*(\bapk (add|update)\b|\bcurl\b.* https?:\/\/|\bwget\b)/;
    expect(runtime.slice(loader).some((line) => installs.test(line))).toBe(false);
  });

  it("checks /health and starts through run.sh", () => {
    expect(runtime.find((line) => line.startsWith("HEALTHCHECK"))).toContain("http://127.0.0.1:8098/health");
    expect(runtime.at(-1)).toBe('CMD ["/run.sh"]');
  });
});

// Outside CI a machine without yamllint skips this; in CI (.ci/run installs it) it must run.
describe.skipIf(!hasCommand("yamllint") && !process.env.CI)("yamllint", { timeout: 60_000 }, () => {
  it("passes the add-on's YAML files and the GitHub workflows", () => {
    const workflows = fs
      .readdirSync(path.join(ROOT, ".github", "workflows"))
      .map((f) => `.github/workflows/${f}`);
    const result = spawnSync("yamllint", ["--strict", ...YAML_FILES, ...workflows], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
