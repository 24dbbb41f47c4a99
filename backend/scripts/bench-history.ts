/**
 * Benchmark (not a test): a 50,000-row `GET /api/history/period` through HAsync (issue 12, item 5).
 * The demo Home Assistant runs in this process with `--rows` recorded states seeded for one light;
 * HAsync runs as a child process (`--entry`, default the TypeScript sources) so its RSS, read from
 * /proc every 10 ms while the answer passes, is HAsync's alone. The device reads the answer as a
 * stream and only counts it. Printed: rows, bytes, seconds, rows/s, and HAsync's peak RSS growth.
 *
 *   npm run bench:history -- [--rows 50000] [--entry src/main.ts]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DemoHomeAssistant } from "../src/simulator/index.js";
import { rssMb, startHasync } from "./bench-child.js";
import { freePort, mirroredEntityIds, pairOne, sleep } from "./bench-gateway-setup.js";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "50000" },
    entry: { type: "string", default: "src/main.ts" },
  },
});
const rows = Number(values.rows);
const LIGHT = "light.living_room_ceiling";

/** Reads the answer as it streams, counting bytes and rows (`"state":` once per row). */
async function drain(response: Response): Promise<{ bytes: number; rows: number }> {
  let bytes = 0;
  let counted = 0;
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    counted += text.split('"state":').length - 1;
    tail = text.slice(-8);
    counted -= tail.split('"state":').length - 1;
  }
  return { bytes, rows: counted + tail.split('"state":').length - 1 };
}

async function main(): Promise<void> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  ha.recorder.seed(LIGHT, rows);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-history-"));
  const hasync = startHasync(values.entry, port, ha, dataDir);
  try {
    const base = `http://127.0.0.1:${port}`;
    const ids = await mirroredEntityIds(base, 40);
    const token = await pairOne(base, 0, [LIGHT, ...ids.filter((id) => id !== LIGHT).slice(0, 9)]);
    const start = new Date(Date.now() - (rows + 60) * 1000 - 86_400_000).toISOString();
    const url = `${base}/api/history/period/${encodeURIComponent(start)}?filter_entity_id=${LIGHT}&end_time=${encodeURIComponent(new Date().toISOString())}`;
    await sleep(1000);
    const pid = hasync.pid ?? 0;
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 10);
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const { bytes, rows: received } = await drain(response);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    console.log(`GET /api/history/period through HAsync: status ${response.status}`);
    console.log(`  ${received} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
    console.log(`  ${Math.round(received / seconds)} rows/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
    console.log(
      `  HAsync RSS: ${before.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB (+${(peak - before).toFixed(1)} MB)`,
    );
    const directStarted = process.hrtime.bigint();
    const directUrl = `${ha.url}${new URL(url).pathname}${new URL(url).search}`;
    const plain = await drain(await fetch(directUrl, { headers: { Authorization: `Bearer ${ha.token}` } }));
    const directSeconds = Number(process.hrtime.bigint() - directStarted) / 1e9;
    const directRate = Math.round(plain.rows / directSeconds);
    console.log(
      `  the demo HA directly: ${plain.rows} rows in ${directSeconds.toFixed(2)} s (${directRate} rows/s)`,
    );
    console.log(
      `HAsync ${values.entry}; node ${process.version}; load average ${os.loadavg()[0]?.toFixed(2)}`,
    );
  } finally {
    hasync.kill("SIGTERM");
    await ha.stop();
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
