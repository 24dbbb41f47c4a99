// Cold start to first `/health` 200, and idle RSS, of the built backend (node dist/main.js).
// Usage: npm run bench:startup [-- --runs 5 --idle-ms 3000]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, "idle-ms": { type: "string", default: "3000" } },
});
const runs = Number(values.runs);
const idleMs = Number(values["idle-ms"]);
const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function once(fresh) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-"));
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      HASYNC_PORT: "0",
      HASYNC_HOST: "127.0.0.1",
      HASYNC_DATA_DIR: dataDir,
      ...fresh,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no listen line within 10 s")), 10_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /url=(http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace("localhost", "127.0.0.1"));
      }
    });
  });
  for (;;) {
    const res = await fetch(`${base}/health`).catch(() => undefined);
    if (res?.status === 200) break;
  }
  const startMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = rssMb(child.pid);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { startMs, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (let i = 0; i < runs; i++) results.push(await once({}));
console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs, idle ${idleMs} ms`);
console.log(
  `cold start to first /health 200: median ${median(results.map((r) => r.startMs)).toFixed(0)} ms, ` +
    `max ${Math.max(...results.map((r) => r.startMs)).toFixed(0)} ms`,
);
console.log(
  `idle RSS: median ${median(results.map((r) => r.rss)).toFixed(1)} MB, ` +
    `max ${Math.max(...results.map((r) => r.rss)).toFixed(1)} MB`,
);
