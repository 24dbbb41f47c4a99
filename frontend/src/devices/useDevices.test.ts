import type { Device } from "hasync";
import { describe, expect, it } from "vitest";
import { upsertDevice } from "./useDevices.js";

const device = (id: string, name: string, online = false): Device => ({
  id,
  name,
  type: "tablet",
  model: null,
  created_at: "2026-03-01T12:00:00Z",
  last_seen_at: null,
  last_ip: null,
  online,
  expires_at: null,
  scope: { areas: [], entities: [], exclude: [], access: "read" },
  entity_count: 0,
  presents_as_admin: false,
  hours: null,
  invite_id: null,
  rate: null,
  dashboards: [],
  client_id: null,
});

describe("the live device list", () => {
  it("adds new devices in name order and replaces updated ones in place", () => {
    const list = [device("1", "Hall kiosk"), device("2", "Tablet 10")];
    const added = upsertDevice(list, device("3", "Tablet 9"));
    expect(added.map((d) => d.name)).toEqual(["Hall kiosk", "Tablet 9", "Tablet 10"]);
    const updated = upsertDevice(added, device("1", "Hall kiosk", true));
    expect(updated).toHaveLength(3);
    expect(updated.find((d) => d.id === "1")?.online).toBe(true);
  });
});
