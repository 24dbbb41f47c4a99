import { DemoHomeAssistant } from "../simulator/index.js";
import { startTestServer, type TestServer } from "../test-support/harness.js";

/** What HA's apps send to `POST /api/mobile_app/registrations` (the native-app-integration docs). */
export const APP_REGISTRATION = {
  device_id: "ABCDEFGH",
  app_id: "io.robbie.HomeAssistant",
  app_name: "Home Assistant",
  app_version: "2026.11",
  device_name: "Anna's phone",
  manufacturer: "Apple",
  model: "iPhone16,1",
  os_name: "iOS",
  os_version: "19.1",
  supports_encryption: true,
  app_data: { push_token: "secret-push-token", push_url: "https://push.example/notify" },
};

export interface MobileAppFixture {
  ha: DemoHomeAssistant;
  server: TestServer;
  close(): Promise<void>;
}

/** The composed HAsync against the demo HA in URL mode, so calls are seen arriving at "HA". */
export async function startMobileAppFixture(): Promise<MobileAppFixture> {
  const ha = new DemoHomeAssistant({ seed: 7, driftIntervalMs: 0, eventRatePerSec: 0 });
  await ha.start();
  const server = await startTestServer({
    env: { HASYNC_INGRESS_PEER: "127.0.0.1", HASYNC_HA_URL: ha.url, HASYNC_HA_TOKEN: ha.token },
    ha: { timings: { reconnectInitialMs: 20, reconnectMaxMs: 200, registryDebounceMs: 20 } },
  });
  if (!(await server.hasync.ha.waitUntilSynced(5000)))
    throw new Error("HAsync did not sync with the demo HA");
  return {
    ha,
    server,
    async close() {
      await server.close();
      await ha.stop();
    },
  };
}

export interface Answer {
  status: number;
  type: string | null;
  text: string;
  retryAfter: string | null;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  type: response.headers.get("content-type"),
  text: await response.text(),
  retryAfter: response.headers.get("retry-after"),
});

export const json = (answer: Answer): unknown => JSON.parse(answer.text);

/** `POST /api/mobile_app/registrations` with the device's bearer token. */
export async function registerApp(
  base: string,
  token: string,
  body: unknown = APP_REGISTRATION,
): Promise<Answer> {
  return answerOf(
    await fetch(`${base}/api/mobile_app/registrations`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** A webhook message, as the apps send it (no token: the id is the credential). */
export async function sendWebhook(
  base: string,
  webhookId: string,
  body: unknown,
  method = "POST",
): Promise<Answer> {
  return answerOf(
    await fetch(`${base}/api/webhook/${webhookId}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(method === "GET" || method === "HEAD"
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    }),
  );
}

/** Registers and returns the webhook id handed out. */
export async function webhookIdOf(base: string, token: string): Promise<string> {
  const answer = await registerApp(base, token);
  if (answer.status !== 201) throw new Error(`registration answered ${answer.status}: ${answer.text}`);
  return (json(answer) as { webhook_id: string }).webhook_id;
}
