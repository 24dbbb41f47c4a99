/**
 * Setup for `bench-gateway.ts`: HTTP from chosen loopback addresses, and pairing hundreds of
 * devices through HAsync's real pairing API (device code → admin approval via ingress headers
 * from 127.0.0.1 → token). The pairing API allows about 12 device-code requests a minute per
 * client address, so devices are spread over 127.0.0.2, 127.0.0.3, ... like separate tablets.
 */

import { request } from "node:http";
import net from "node:net";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export function http(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
  localAddress?: string,
): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress,
        headers: { ...headers, ...(payload ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Plain-text answers (HA's "401: Unauthorized") stay text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const INGRESS_ADMIN = {
  "x-ingress-path": "/api/hassio_ingress/bench",
  "x-remote-user-id": "bench-admin",
  "x-remote-user-name": "bench",
};

/** A small deterministic PRNG so every run pairs the same scopes. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function pick(ids: readonly string[], count: number, random: () => number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, ids.length))
    chosen.add(ids[Math.floor(random() * ids.length)] as string);
  return [...chosen];
}

/** Device `index`'s own loopback address, for pairing and for its socket: 10 devices per address. */
export const deviceAddress = (index: number) => `127.0.0.${2 + Math.floor(index / 10)}`;

export async function pairOne(base: string, index: number, entities: string[]): Promise<string> {
  const from = deviceAddress(index);
  const codes = await http(
    "POST",
    `${base}/api/v1/pairing/device-code`,
    {},
    { name: `Bench ${index}` },
    from,
  );
  if (codes.status !== 200)
    throw new Error(`device-code answered ${codes.status}: ${JSON.stringify(codes.body)}`);
  const { user_code, device_code } = codes.body as { user_code: string; device_code: string };
  const scope = { entities, access: "read" };
  const approve = await http("POST", `${base}/api/v1/admin/pairing/approve`, INGRESS_ADMIN, {
    user_code,
    scope,
  });
  if (approve.status !== 201) throw new Error(`approve answered ${approve.status}`);
  const token = await http("POST", `${base}/api/v1/pairing/token`, {}, { device_code }, from);
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  return (token.body as { access_token: string }).access_token;
}

/** The entity ids HAsync mirrors, once there are at least `atLeast` (via the admin API). */
export async function mirroredEntityIds(base: string, atLeast: number): Promise<string[]> {
  let ids: string[] = [];
  await waitUntil(
    async () => {
      const res = await http("GET", `${base}/api/v1/admin/ha/entities`, INGRESS_ADMIN);
      ids =
        res.status === 200
          ? (res.body as { entities: Array<{ entity_id: string }> }).entities.map((e) => e.entity_id)
          : [];
      return ids.length >= atLeast;
    },
    60_000,
    "HAsync's mirror of the demo home",
  );
  return ids;
}

/**
 * Waits for HAsync to mirror the demo home, then pairs `devices` devices with `per-device` busy
 * (synthetic, changing) entities each and `idle` devices scoped to the quiet demo entities.
 */
export async function pairDevices(base: string, opt: Record<string, number>) {
  const entitiesWanted = opt.entities ?? 2000;
  const ids = await mirroredEntityIds(base, entitiesWanted * 0.95);
  const busy = ids.filter((id) => id.startsWith("sensor.synthetic_"));
  const quiet = ids.filter((id) => !id.startsWith("sensor.synthetic_") && !id.startsWith("camera."));
  const random = seeded(42);
  const active: string[] = [];
  const idle: string[] = [];
  for (let i = 0; i < (opt.devices ?? 0); i++)
    active.push(await pairOne(base, i, pick(busy, opt["per-device"] ?? 50, random)));
  for (let i = 0; i < (opt.idle ?? 0); i++) idle.push(await pairOne(base, (opt.devices ?? 0) + i, quiet));
  const probe = await http("GET", `${base}/api/`, { authorization: `Bearer ${active[0] ?? idle[0]}` });
  if (probe.status !== 200) {
    throw new Error(
      `the device gateway does not answer on ${base}/api/ (${probe.status}): is it wired into hasync.ts?`,
    );
  }
  return { active, idle, entityCount: ids.length };
}
