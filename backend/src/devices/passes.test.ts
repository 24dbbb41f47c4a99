import type { Device, PassHoursInput } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClockedHome, startClockedHome } from "../test-support/clocked-home.js";
import { waitFor } from "../test-support/ha-link.js";
import { RawHaClient } from "../test-support/ha-raw-client.js";
import { adminFetch, pairDevice } from "../test-support/pairing.js";

/**
 * Pass hours enforced on the one decision path, through HAsync's own gateway over a real
 * WebSocket, against the demo HA (Europe/Amsterdam, UTC+1 in December). 2026-12-01 is a Tuesday;
 * the window is Tue 09:00–13:00 there, 08:00–12:00 UTC.
 */
const at = (iso: string) => Date.parse(iso);
const INSIDE = at("2026-12-01T09:30:00Z");
const AFTER = at("2026-12-01T12:00:00Z");
const NEXT_WEEK = at("2026-12-08T08:00:00Z");
const LIGHT = "light.kitchen_spots";

let home: ClockedHome;
let nextId = 1;

beforeAll(async () => {
  home = await startClockedHome(INSIDE);
});
afterAll(() => home.close());

async function pairWithHours(
  name: string,
  hours: PassHoursInput,
): Promise<{ token: string; device: Device }> {
  const paired = await pairDevice(home.server.url, { areas: ["kitchen"], access: "control" }, name);
  const res = await adminFetch(home.server.url, `/devices/${paired.device.id}`, {
    method: "PATCH",
    body: JSON.stringify({ hours }),
  });
  expect(res.status).toBe(200);
  return paired;
}

async function toggle(client: RawHaClient): Promise<Record<string, unknown>> {
  const id = nextId++;
  client.send({ id, type: "call_service", domain: "light", service: "toggle", target: { entity_id: LIGHT } });
  return client.reply(id);
}

const callsToLight = () =>
  home.ha.serviceCalls.filter((c) => JSON.stringify(c).includes(LIGHT) && c.service === "toggle").length;

async function authAnswer(token: string): Promise<string> {
  const client = await RawHaClient.open(home.server.url);
  await client.waitFor((m) => m.type === "auth_required");
  client.send({ type: "auth", access_token: token });
  const reply = await client.waitFor((m) => m.type === "auth_ok" || m.type === "auth_invalid");
  client.close();
  return String(reply.type);
}

describe("a pass that is read-only outside its hours", () => {
  it("forwards a call inside the window and refuses one outside, in words, without reaching HA", async () => {
    home.setClock(INSIDE);
    const { token, device } = await pairWithHours("Guest phone", {
      windows: [{ day: "tue", from: "09:00", to: "13:00" }],
      outside: "read",
    });
    const client = await RawHaClient.authenticated(home.server.url, token);
    const before = callsToLight();
    expect((await toggle(client)).success).toBe(true);
    expect(callsToLight()).toBe(before + 1);

    home.setClock(AFTER);
    const refused = await toggle(client);
    // A passing condition, answered like throttling: HA's "the action failed", with the reason in
    // words, which the device may be told (it is about its own pass).
    expect(refused).toMatchObject({
      success: false,
      error: {
        code: "home_assistant_error",
        message: "This pass is read-only outside its hours; it opens again Tue 09:00.",
      },
    });
    expect(callsToLight()).toBe(before + 1);
    // REST says the same, as its refusals do (403), in words.
    const rest = await fetch(`${home.server.url}/api/services/light/toggle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ entity_id: LIGHT }),
    });
    expect(rest.status).toBe(403);
    expect(await rest.json()).toEqual({
      message: "This pass is read-only outside its hours; it opens again Tue 09:00.",
    });
    expect(callsToLight()).toBe(before + 1);
    const audit = await adminFetch(home.server.url, "/audit?type=gateway.call_refused");
    const entries = ((await audit.json()) as { entries: { actor: string; detail: { reason: string } }[] })
      .entries;
    expect(entries.find((e) => e.actor === device.id)?.detail.reason).toBe(
      "This pass is read-only outside its hours; it opens again Tue 09:00.",
    );
    // Read-only still sees its scope: the socket stays and answers.
    const id = nextId++;
    client.send({ id, type: "get_states" });
    expect((await client.reply(id)).success).toBe(true);
    expect(home.server.hasync.devices.passOf(device.id)).toEqual({
      state: "read_only",
      changesAt: NEXT_WEEK,
      timeZone: "Europe/Amsterdam",
    });
    client.close();
  });
});

describe("a pass that is closed outside its hours", () => {
  it("ends its live socket when the window closes, refuses auth, and takes it back when it reopens", async () => {
    home.setClock(INSIDE);
    const { token, device } = await pairWithHours("Cleaner's phone", {
      windows: [{ day: "tue", from: "09:00", to: "13:00" }],
      outside: "closed",
    });
    const client = await RawHaClient.authenticated(home.server.url, token);
    expect((await toggle(client)).success).toBe(true);

    home.setClock(AFTER);
    // The devices' 1 s timer finds the closing and ends the socket as a revocation does.
    expect(await client.closed).toBeGreaterThanOrEqual(1000);
    expect(await authAnswer(token)).toBe("auth_invalid");
    const rest = await fetch(`${home.server.url}/api/states`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(401);
    // Nothing was deleted: the admin still lists it.
    expect(home.server.hasync.devices.view(device.id)?.hours?.outside).toBe("closed");

    home.setClock(NEXT_WEEK);
    expect(await authAnswer(token)).toBe("auth_ok");
  });

  it("lets the admin clear the hours, which opens the pass at once", async () => {
    home.setClock(AFTER);
    const { token, device } = await pairWithHours("Sitter's phone", {
      windows: [{ day: "tue", from: "09:00", to: "13:00" }],
    });
    expect(await authAnswer(token)).toBe("auth_invalid");
    const res = await adminFetch(home.server.url, `/devices/${device.id}`, {
      method: "PATCH",
      body: JSON.stringify({ hours: null }),
    });
    expect(((await res.json()) as Device).hours).toBeNull();
    expect(await authAnswer(token)).toBe("auth_ok");
    const audit = await adminFetch(home.server.url, "/audit?type=device.hours_changed");
    const entries = ((await audit.json()) as { entries: { detail: Record<string, unknown> }[] }).entries;
    expect(entries[0]?.detail).toEqual({ device_id: device.id, name: "Sitter's phone", hours: null });
  });
});

describe("the zone the hours are read in", () => {
  it("follows Home Assistant's time zone when it changes, and a clock set back", async () => {
    // 09:30 in Amsterdam is 03:30 in New York: inside the window there, before it here.
    home.setClock(INSIDE);
    const { device } = await pairWithHours("Zone test", {
      windows: [{ day: "tue", from: "09:00", to: "13:00" }],
      outside: "read",
    });
    const devices = home.server.hasync.devices;
    expect(devices.passOf(device.id)?.state).toBe("open");
    home.setClock(AFTER);
    expect(devices.passOf(device.id)?.state).toBe("read_only");
    home.setClock(INSIDE);
    expect(devices.passOf(device.id)?.state).toBe("open");
    home.ha.updateConfig({ time_zone: "America/New_York" });
    await waitFor(
      () => home.server.hasync.ha.config()?.time_zone === "America/New_York",
      10_000,
      "the new zone",
    );
    expect(devices.passOf(device.id)).toEqual({
      state: "read_only",
      changesAt: at("2026-12-01T14:00:00Z"),
      timeZone: "America/New_York",
    });
    home.ha.updateConfig({ time_zone: "Europe/Amsterdam" });
    await waitFor(
      () => home.server.hasync.ha.config()?.time_zone === "Europe/Amsterdam",
      10_000,
      "the zone back",
    );
  });
});
