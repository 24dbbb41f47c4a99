import type { Connection } from "home-assistant-js-websocket";
import { describe, expect, it } from "vitest";
import { EMPTY_REGISTRIES } from "./model/types.js";
import { fetchRegistries } from "./useHome.js";

/** Answers the four registry lists as HAsync does (scoped), or refuses the ones named. */
function fakeConn(refuse: string[] = []): Connection {
  const answers: Record<string, unknown> = {
    "config/entity_registry/list_for_display": {
      entity_categories: {},
      entities: [{ ei: "light.a", di: "d1" }],
    },
    "config/device_registry/list": [{ id: "d1", area_id: "kitchen", name: "Hub", name_by_user: null }],
    "config/area_registry/list": [{ area_id: "kitchen", name: "Kitchen", floor_id: null }],
    "config/floor_registry/list": [{ floor_id: "ground", name: "Ground" }],
  };
  return {
    sendMessagePromise: async (message: { type: string }) => {
      if (refuse.includes(message.type)) throw { code: "unknown_command", message: "Unknown command." };
      return answers[message.type];
    },
  } as unknown as Connection;
}

describe("fetchRegistries", () => {
  it("keys entities and devices by id as hass.entities / hass.devices, and keeps list order", async () => {
    const registries = await fetchRegistries(fakeConn(), EMPTY_REGISTRIES);
    expect(registries.entities["light.a"]).toEqual({ ei: "light.a", di: "d1" });
    expect(registries.devices.d1.area_id).toBe("kitchen");
    expect(registries.areas.map((area) => area.area_id)).toEqual(["kitchen"]);
    expect(registries.floors.map((floor) => floor.floor_id)).toEqual(["ground"]);
  });

  it("keeps what was known of a list that fails, so sections stay put while offline", async () => {
    const known = await fetchRegistries(fakeConn(), EMPTY_REGISTRIES);
    const all = [
      "config/entity_registry/list_for_display",
      "config/device_registry/list",
      "config/area_registry/list",
      "config/floor_registry/list",
    ];
    expect(await fetchRegistries(fakeConn(all), known)).toEqual(known);
    const partial = await fetchRegistries(fakeConn(["config/floor_registry/list"]), EMPTY_REGISTRIES);
    expect(partial.floors).toEqual([]);
    expect(partial.areas).toHaveLength(1);
  });
});
