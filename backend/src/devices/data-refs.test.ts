import { describe, expect, it } from "vitest";
import { actedOnBy, decide } from "./test-house.js";

/** Entity ids anywhere in service data are targets too. */
const kitchen = { areas: ["kitchen"] };
const join = (group_members: unknown) =>
  actedOnBy(kitchen, {
    domain: "media_player",
    service: "join",
    service_data: { entity_id: "media_player.kitchen", group_members },
  });

describe("entity ids in service data", () => {
  it("must be in the scope: media_player.join's group_members", () => {
    expect(join(["media_player.hall"])).toBe("media_player.hall is not in this device's scope");
    expect(join("media_player.kitchen, media_player.hall")).toBe(
      "media_player.hall is not in this device's scope",
    );
    expect(join(["media_player.kitchen"])).toEqual(["media_player.kitchen"]);
  });

  it("are found in any field, in any case, in nested objects, lists and object keys", () => {
    const refused = (service_data: Record<string, unknown>) =>
      decide(kitchen, {
        domain: "light",
        service: "turn_on",
        service_data: { entity_id: "light.kitchen", ...service_data },
      });
    for (const data of [
      { Entity_ID: "lock.front_door" },
      { extra: "LOCK.FRONT_DOOR" },
      { target: { entity_id: ["lock.front_door"] } },
      { variables: { list: [{ deep: [" lock.front_door "] }] } },
      { entities: { "lock.front_door": "unlocked" } },
      { group: "group.with_hall" },
    ]) {
      expect(refused(data), JSON.stringify(data)).toMatchObject({ ok: false });
    }
  });

  it("are checked even when HA has no such entity yet, if HA has that domain", () => {
    expect(join(["media_player.attic"])).toBe("media_player.attic is not in this device's scope");
    expect(join(["lock.garage"])).toBe("lock.garage is not in this device's scope");
  });

  it("leave values that only look like ids of domains HA does not have", () => {
    const decision = decide(kitchen, {
      domain: "light",
      service: "turn_on",
      service_data: { entity_id: "light.kitchen", effect: "candle.fire", profile: "song.mp3" },
    });
    expect(decision).toMatchObject({
      ok: true,
      request: { service_data: { effect: "candle.fire", profile: "song.mp3" } },
    });
  });

  it("refuse device, area, floor and label ids and entity_id all nested in the data", () => {
    const nested = (data: Record<string, unknown>) =>
      actedOnBy(kitchen, {
        domain: "light",
        service: "turn_on",
        service_data: { entity_id: "light.kitchen", ...data },
      });
    expect(nested({ target: { area_id: "hall" } })).toMatch(/area_id inside service data is not allowed/);
    expect(nested({ Device_ID: "hall_hub" })).toMatch(/Device_ID inside service data/);
    expect(nested({ variables: { floor_id: "ground" } })).toMatch(/floor_id/);
    expect(nested({ variables: { entity_id: "all" } })).toBe(
      'entity_id "all" is not allowed; name the entities',
    );
  });

  it("are walked within bounds: too deep or too large is refused, never half-checked", () => {
    let deep: unknown = "lock.front_door";
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(join(deep)).toBe("service data is nested too deeply to check against the scope");
    const wide = Array.from({ length: 20_000 }, () => "x");
    expect(join(wide)).toBe("service data is too large to check against the scope");
  });
});
