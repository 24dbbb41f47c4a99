import { parseArgs } from "node:util";
import { DemoHomeAssistant } from "./index.js";

/**
 * `npm run demo-ha -w backend -- --port 8123 [--token T] [--seed N] [--entities N] [--event-rate N]`
 * runs the demo Home Assistant on its own, e.g. to point a HAsync dev server or a benchmark at it.
 * The token is printed on purpose: it is a throwaway credential for a local fake, and the whole
 * point of this command is to hand it to whoever connects.
 */

const HELP = `Usage: demo-ha [--host 127.0.0.1] [--port 8123] [--token T] [--seed N]
              [--entities N] [--event-rate N] [--drift-ms N] [--frontend DIR]
  --entities N    add N synthetic sensors to the demo home
  --event-rate N  extra synthetic state changes per second
  --frontend DIR  serve HA's web interface from a built hass_frontend directory`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      seed: { type: "string" },
      entities: { type: "string" },
      "event-rate": { type: "string" },
      "drift-ms": { type: "string" },
      frontend: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const demo = new DemoHomeAssistant({
    host: values.host,
    port: numberOption(values.port, "port") ?? 8123,
    token: values.token,
    seed: numberOption(values.seed, "seed"),
    extraEntities: numberOption(values.entities, "entities"),
    eventRatePerSec: numberOption(values["event-rate"], "event-rate"),
    driftIntervalMs: numberOption(values["drift-ms"], "drift-ms"),
    frontendDir: values.frontend,
  });
  await demo.start();
  process.stdout.write(
    `Demo Home Assistant ready\n  url:      ${demo.url}\n  websocket: ${demo.url.replace(/^http/, "ws")}/api/websocket\n` +
      `  token:    ${demo.token}\n  entities: ${demo.entityCount}\n`,
  );
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal}: stopping\n`);
    demo.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-ha: ${error instanceof Error ? error.message : String(error)}\n${HELP}\n`);
  process.exit(2);
});
