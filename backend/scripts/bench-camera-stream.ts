/**
 * Benchmark (not a test): a camera's MJPEG stream through HAsync (issue 12, item 6). The demo Home
 * Assistant runs in this process with a camera that sends `--frame-kb` frames as fast as they are
 * read; HAsync runs as a child process (`--entry`, default the TypeScript sources) so its RSS, read
 * from /proc every 10 ms while the stream passes, is HAsync's alone. A device reads `--mb` of
 * `/api/camera_proxy_stream/<id>` and stops reading for `--pause-ms` halfway (a slow tablet: HA's
 * frames must wait at HA, not pile up in HAsync). A first, short stream warms HAsync up (Node loads
 * its fetch client on first use); its cost is printed apart. Printed: bytes, seconds, MB/s, HAsync's
 * peak RSS growth, and the same stream read straight from the demo HA for reference.
 *
 *   npm run bench:camera -- [--mb 10] [--frame-kb 256] [--pause-ms 2000] [--warmup-mb 1] [--entry dist/main.js]
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
    mb: { type: "string", default: "10" },
    "frame-kb": { type: "string", default: "256" },
    "pause-ms": { type: "string", default: "2000" },
    "warmup-mb": { type: "string", default: "1" },
    entry: { type: "string", default: "src/main.ts" },
  },
});
const megabytes = (value: string) => Number(value) * 1e6;
const pauseMs = Number(values["pause-ms"]);
const CAMERA = "camera.driveway";

/** Reads `wanted` bytes of the stream (pausing halfway if asked), then hangs up. */
async function read(
  url: string,
  token: string,
  wanted: number,
  pause: number,
): Promise<{ status: number; bytes: number }> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  let bytes = 0;
  let paused = pause === 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (!paused && bytes >= wanted / 2) {
        paused = true;
        await sleep(pause);
      }
      if (bytes >= wanted) break;
    }
  } finally {
    controller.abort();
  }
  return { status: response.status, bytes };
}

async function main(): Promise<void> {
  const frameBytes = Number(values["frame-kb"]) * 1024;
  const ha = new DemoHomeAssistant({
    seed: 7,
    driftIntervalMs: 0,
    eventRatePerSec: 0,
    cameras: { rotationMs: 0, frameIntervalMs: 0, frameBytes },
  });
  await ha.start();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-bench-camera-"));
  const hasync = startHasync(values.entry, port, ha, dataDir);
  try {
    const base = `http://127.0.0.1:${port}`;
    await mirroredEntityIds(base, 40);
    const token = await pairOne(base, 0, [CAMERA]);
    await sleep(1000);
    const pid = hasync.pid ?? 0;
    const cold = rssMb(pid);
    const url = `${base}/api/camera_proxy_stream/${CAMERA}`;
    await read(url, token, megabytes(values["warmup-mb"]), 0);
    await sleep(500);
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 10);
    const started = process.hrtime.bigint();
    const through = await read(url, token, megabytes(values.mb), pauseMs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    const moving = seconds - pauseMs / 1000;
    console.log(`GET /api/camera_proxy_stream through HAsync: status ${through.status}`);
    console.log(
      `  ${(through.bytes / 1e6).toFixed(1)} MB of ${values["frame-kb"]} kB frames in ${seconds.toFixed(2)} s, ` +
        `the reader paused ${pauseMs} ms halfway; ${(through.bytes / 1e6 / moving).toFixed(1)} MB/s while reading`,
    );
    console.log(
      `  HAsync RSS: ${cold.toFixed(1)} MB idle, ${before.toFixed(1)} MB after a ${values["warmup-mb"]} MB warm-up stream, ` +
        `peak ${peak.toFixed(1)} MB while streaming (+${(peak - before).toFixed(1)} MB)`,
    );
    const directStarted = process.hrtime.bigint();
    const direct = await read(
      `${ha.url}/api/camera_proxy_stream/${CAMERA}`,
      ha.token,
      megabytes(values.mb),
      0,
    );
    const directSeconds = Number(process.hrtime.bigint() - directStarted) / 1e9;
    console.log(
      `  the demo HA directly: ${(direct.bytes / 1e6).toFixed(1)} MB in ${directSeconds.toFixed(2)} s ` +
        `(${(direct.bytes / 1e6 / directSeconds).toFixed(1)} MB/s)`,
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
