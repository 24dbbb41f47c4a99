import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { START_MS } from "./limits.js";
import { backendEntry, distDir } from "./paths.js";

export interface Backend {
  /** `http://127.0.0.1:<port>` */
  url: string;
  output: () => string;
  /** Stops the process; the data dir is removed unless it was given (a restart reuses it). */
  stop: () => Promise<void>;
}

export interface BackendOptions {
  /** Reuse a data dir (and then keep it): for restarts. */
  dataDir?: string;
  port?: number;
}

const STOP_TIMEOUT_MS = 6_000;

/**
 * Runs the REAL built backend exactly as `npm start` does (embedded demo Home Assistant, SQLite in
 * a temp dir) serving the built admin UI, and reads its URL from the "listening" log line.
 */
export async function startBackend(
  env: Record<string, string> = {},
  options: BackendOptions = {},
): Promise<Backend> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "hasync-e2e-"));
  const child = spawn(process.execPath, [backendEntry], {
    env: {
      PATH: process.env.PATH,
      HASYNC_PORT: String(options.port ?? 0),
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dataDir,
      HASYNC_FRONTEND_DIR: distDir,
      HASYNC_INGRESS_PEER: "127.0.0.1",
      HASYNC_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const cleanup = () => {
    if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child, () => output);
    return { url, output: () => output, stop: () => stop(child, exited).finally(cleanup) };
  } catch (error) {
    await stop(child, exited);
    cleanup();
    throw error;
  }
}

/**
 * A free port for a backend that must come back on the same port after a restart. Port 0 hands
 * out one from the kernel's ephemeral range, which outgoing connections draw from too: on a
 * machine busy with other test runs one of them can take the port while the backend is down, and
 * the restart then fails with EADDRINUSE. Below that range only explicit binds compete.
 */
export async function stablePort(): Promise<number> {
  const below = ephemeralStart();
  for (;;) {
    const port = below - 1 - Math.floor(Math.random() * 10_000);
    if (await canListen(port)) return port;
  }
}

function ephemeralStart(): number {
  try {
    const first = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").split(/\s+/)[0]);
    if (Number.isInteger(first) && first > 11_024) return first;
  } catch {
    // Not Linux: its default range start is as good a guess as any.
  }
  return 32_768;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function listeningUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`backend did not start in time:\n${output()}`)),
      START_MS,
    );
    const check = () => {
      const match = /url=(http:\/\/localhost:\d+)/.exec(output());
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1].replace("localhost", "127.0.0.1"));
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited (${code}) before listening:\n${output()}`));
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
