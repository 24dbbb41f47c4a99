/**
 * For the stream benchmarks (`bench-history.ts`, `bench-camera-stream.ts`): HAsync in a child
 * process of its own, so the RSS read from /proc is HAsync's alone.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Resident memory of a process, in MB (`VmRSS` of /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) / 1024;
}

/** HAsync from `entry` (built `.js`, or TypeScript through tsx) on 127.0.0.1:`port`, against `ha`. */
export function startHasync(
  entry: string,
  port: number,
  ha: { url: string; token: string },
  dataDir: string,
): ChildProcess {
  const args = entry.endsWith(".js") ? [entry] : ["--import", "tsx", entry];
  return spawn(process.execPath, args, {
    cwd: backendDir,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      HASYNC_PORT: String(port),
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dataDir,
      HASYNC_HA_URL: ha.url,
      HASYNC_HA_TOKEN: ha.token,
      HASYNC_INGRESS_PEER: "127.0.0.1",
      HASYNC_LOG_LEVEL: "warn",
    },
  });
}
