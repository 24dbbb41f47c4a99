import { describe, expect, it } from "vitest";
import { actionInWords, dataInWords, listInWords, timeLeft } from "./words.js";

const front = { entity_id: "lock.front_door", name: "Front door" };

describe("a held call in words", () => {
  it("says the action with the entities' names", () => {
    expect(actionInWords({ service: "lock.unlock", entities: [front] })).toBe("Unlock Front door");
    expect(
      actionInWords({
        service: "alarm_control_panel.alarm_disarm",
        entities: [{ entity_id: "alarm_control_panel.home", name: "Home alarm" }],
      }),
    ).toBe("Disarm Home alarm");
    expect(
      actionInWords({
        service: "light.turn_on",
        entities: [
          { entity_id: "light.a", name: "Hall" },
          { entity_id: "light.b", name: "Porch" },
          { entity_id: "light.c", name: "" },
        ],
      }),
    ).toBe("Turn on Hall, Porch and light.c");
    expect(actionInWords({ service: "climate.set_hvac_mode", entities: [front] })).toBe(
      "Set hvac mode: Front door",
    );
    expect(actionInWords({ service: "script.turn_on", entities: [] })).toBe("Turn on");
    expect(listInWords([])).toBe("");
  });

  it("shows the data but not a code", () => {
    expect(dataInWords({ code: "1234", brightness_pct: 80, color_name: "red" })).toBe(
      "code: given · brightness_pct: 80 · color_name: red",
    );
    expect(dataInWords({})).toBe("");
  });

  it("counts down to the deadline and stops at zero", () => {
    const now = Date.parse("2026-01-01T10:00:00Z");
    expect(timeLeft("2026-01-01T10:01:45Z", now)).toBe("1:45 left");
    expect(timeLeft("2026-01-01T10:00:00.200Z", now)).toBe("0:01 left");
    expect(timeLeft("2026-01-01T09:59:00Z", now)).toBe("0:00 left");
  });
});
