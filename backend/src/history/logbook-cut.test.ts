import { describe, expect, it } from "vitest";
import { cutLogbookEntry, type LogbookViewer } from "./logbook-cut.js";

const KNOWN = new Set(["light.porch", "binary_sensor.garage_door", "automation.porch", "person.sam"]);
const viewer: LogbookViewer = {
  visible: new Set(["light.porch", "automation.porch"]),
  known: { knowsEntity: (id) => KNOWN.has(id) },
  users: new Set(["user-of-a-visible-person"]),
  mayCall: (domain, service) => domain === "light" && service === "turn_on",
};

describe("cutLogbookEntry (core#182048: HA filters entries, not what their context names)", () => {
  it("removes a cause outside the scope with everything that describes it", () => {
    const entry = {
      when: 1,
      state: "on",
      entity_id: "light.porch",
      context_entity_id: "binary_sensor.garage_door",
      context_entity_id_name: "Garage door",
      context_state: "on",
      context_event_type: "automation_triggered",
      context_domain: "automation",
      context_name: "Garage opened",
      context_message: "triggered by state of binary_sensor.garage_door",
      context_source: "state of binary_sensor.garage_door",
    };
    expect(cutLogbookEntry(entry, viewer)).toEqual({ when: 1, state: "on", entity_id: "light.porch" });
  });

  it("keeps a cause in the scope, but not free text naming an entity outside it", () => {
    const entry = {
      when: 1,
      state: "on",
      entity_id: "light.porch",
      context_entity_id: "automation.porch",
      context_event_type: "automation_triggered",
      context_domain: "automation",
      context_name: "Porch",
      context_message: "triggered by state of binary_sensor.garage_door",
      context_source: "sunset",
    };
    const { context_message: _, ...kept } = entry;
    expect(cutLogbookEntry(entry, viewer)).toEqual(kept);
  });

  it("keeps a service call as the cause only when the device may call that service", () => {
    const call = { when: 1, state: "on", entity_id: "light.porch", context_event_type: "call_service" };
    expect(cutLogbookEntry({ ...call, context_domain: "light", context_service: "turn_on" }, viewer)).toEqual(
      {
        ...call,
        context_domain: "light",
        context_service: "turn_on",
      },
    );
    expect(cutLogbookEntry({ ...call, context_domain: "lock", context_service: "unlock" }, viewer)).toEqual({
      when: 1,
      state: "on",
      entity_id: "light.porch",
    });
  });

  it("keeps a user only when a person in the scope is that user", () => {
    const entry = { when: 1, state: "on", entity_id: "light.porch" };
    expect(cutLogbookEntry({ ...entry, context_user_id: "user-of-a-visible-person" }, viewer)).toEqual({
      ...entry,
      context_user_id: "user-of-a-visible-person",
    });
    expect(cutLogbookEntry({ ...entry, context_user_id: "someone-else" }, viewer)).toEqual(entry);
  });

  it("drops entries of other entities, entries naming none, and fields HA does not write", () => {
    expect(cutLogbookEntry({ when: 1, entity_id: "binary_sensor.garage_door" }, viewer)).toBeNull();
    expect(cutLogbookEntry({ when: 1, name: "Home Assistant", message: "started" }, viewer)).toBeNull();
    expect(cutLogbookEntry({ when: 1, entity_id: "light.porch", extra: "x" }, viewer)).toEqual({
      when: 1,
      entity_id: "light.porch",
    });
  });
});
