import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** The built `hasync` CLI: build hasync first (`cd hasync && npx tsc -p tsconfig.build.json`). */
export const HASYNC_CLI = fileURLToPath(new URL("../../../hasync/dist/cli.js", import.meta.url));

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects (showing the output) after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit status; rejects after `ms`. */
  exit(ms?: number): Promise<number | null>;
}

function bounded<T>(promise: Promise<T>, ms: number, explain: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explain())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the CLI as child processes and kills whatever is still running at `killAll()`. */
export class CliRunner {
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly env: Record<string, string> = {}) {}

  run(args: string[], env: Record<string, string> = {}): CliRun {
    if (!fs.existsSync(HASYNC_CLI)) throw new Error(`${HASYNC_CLI} is missing: build hasync first`);
    // HASYNC_CLI_NODE runs the CLI on another Node (e.g. 18.16) than the tests' own.
    const node = process.env.HASYNC_CLI_NODE ?? process.execPath;
    const child = spawn(node, [HASYNC_CLI, ...args], {
      env: { ...process.env, ...this.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.add(child);
    let stdout = "";
    let stderr = "";
    const listeners = new Set<() => void>();
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      for (const listener of listeners) listener();
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const explain = (what: string, ms: number) => () =>
      `${what} within ${ms} ms; stdout: ${stdout}; stderr: ${stderr}`;
    const waitFor = (pattern: RegExp, ms = 10_000) => {
      let check = () => {};
      const found = new Promise<RegExpMatchArray>((resolve) => {
        check = () => {
          const match = stdout.match(pattern);
          if (match) resolve(match);
        };
        listeners.add(check);
        check();
      });
      return bounded(found, ms, explain(`no ${pattern}`, ms)).finally(() => listeners.delete(check));
    };
    return {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      waitFor,
      exit: (ms = 25_000) => bounded(exited, ms, explain("no exit", ms)),
    };
  }

  killAll(): void {
    for (const child of this.children) if (child.exitCode === null) child.kill("SIGKILL");
    this.children.clear();
  }
}

/** A device file as `hasync pair` writes it, for a device paired some other way. */
export function writeDeviceFile(
  file: string,
  device: { base_url: string; access_token: string; name: string },
): void {
  const record = {
    ...device,
    device_id: "written-by-test",
    scope: { areas: [], entities: [], exclude: [], access: "read" },
    paired_at: new Date().toISOString(),
  };
  fs.writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
}
