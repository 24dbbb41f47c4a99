import fs from "node:fs";
import path from "node:path";
import { HaTokenResponseSchema } from "hasync";
import { afterAll, describe, expect, it } from "vitest";
import { Hasync } from "../hasync.js";
import { parseSettings } from "../settings/settings.js";
import { authorizeThroughPairing, exchange, pageClient } from "../test-support/ha-login.js";
import { memoryLogger, tempDir } from "../test-support/harness.js";

/**
 * Across a restart (same data directory): clients keep their access tokens (hashed rows, loaded
 * into memory at start), and a device approved for a client whose code died with the last run
 * (codes live in memory only) is dropped, since nothing can collect its token any more.
 */
const dir = tempDir("hasync-login-restart-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(): Promise<{ hasync: Hasync; url: string }> {
  const settings = parseSettings({
    HASYNC_PORT: "0",
    HASYNC_HOST: "127.0.0.1",
    HASYNC_DATA_DIR: dir,
    HASYNC_INGRESS_PEER: "127.0.0.1",
  });
  const hasync = await Hasync.create({
    settings,
    log: memoryLogger().log,
    version: "0.0.0-test",
    defaultFrontendDir: path.join(dir, "no-frontend"),
  });
  return { hasync, url: `http://127.0.0.1:${await hasync.start()}` };
}

describe("HA's login flow across a restart", () => {
  it("keeps live access tokens and drops devices whose code was lost", async () => {
    const first = await run();
    const client = pageClient(first.url);
    const signedIn = await authorizeThroughPairing(first.url, client, { areas: [] });
    const tokens = HaTokenResponseSchema.parse(
      await (await exchange(first.url, client, signedIn.code)).json(),
    );
    const waiting = await authorizeThroughPairing(first.url, client, { areas: [] }, "Never exchanged");
    await first.hasync.stop(100);

    const second = await run();
    try {
      expect(second.hasync.devices.authenticate(tokens.access_token, "127.0.0.1")?.id).toBe(
        signedIn.device.id,
      );
      expect(second.hasync.devices.view(waiting.device.id)).toBeNull();
      expect(second.hasync.devices.view(signedIn.device.id)).not.toBeNull();
    } finally {
      await second.hasync.stop(100);
    }
  });
});
