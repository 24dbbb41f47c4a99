import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The repository root, which is also the add-on folder and the Docker build context. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function readText(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), "utf8");
}

export function readYaml(relative: string): Record<string, unknown> {
  return parse(readText(relative)) as Record<string, unknown>;
}

export function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(readText(relative)) as Record<string, unknown>;
}

/** True when a command is on PATH (shellcheck and yamllint are optional on a developer's machine). */
export function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const NOT_IN_GIT = new Set(["node_modules", "dist", ".git", ".turbo", "data", "coverage", "artifacts"]);

function walk(dir: string, prefix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name;
    if (entry.isDirectory())
      return NOT_IN_GIT.has(entry.name) ? [] : walk(path.join(dir, entry.name), `${relative}/`);
    return [relative];
  });
}

/**
 * The files the add-on store would see: what git tracks plus untracked files it does not ignore
 * (so a stray file is caught before it is committed). Outside a git checkout, a walk of the tree.
 */
export function repositoryFiles(): string[] {
  try {
    const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\0").filter((file) => file !== "");
  } catch {
    return walk(ROOT, "");
  }
}
