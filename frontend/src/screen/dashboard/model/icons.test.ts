import { describe, expect, it } from "vitest";
import { BUNDLED_ICONS, DEFAULT_DOMAIN_ICON, FALLBACK_DOMAIN_ICONS, fallbackIcon } from "../icons/bundled.js";
import { componentIcon, iconName } from "./icons.js";
import { entity } from "./test-states.js";

describe("iconName (ha-state-icon.ts order)", () => {
  it("takes the registry icon first, then the state's icon attribute", () => {
    const state = entity("light.x", "on", { icon: "mdi:lamp" });
    expect(iconName(state, { ei: "light.x", ic: "mdi:ceiling-light" })).toBe("mdi:ceiling-light");
    expect(iconName(state, { ei: "light.x" })).toBe("mdi:lamp");
  });
  it("follows the state for a domain (icons.json state icons)", () => {
    expect(iconName(entity("cover.c", "closed"), undefined)).toBe("mdi:window-closed");
    expect(iconName(entity("lock.l", "unlocked"), undefined)).toBe("mdi:lock-open");
    expect(iconName(entity("fan.f", "off"), undefined)).toBe("mdi:fan-off");
    expect(iconName(entity("weather.w", "rainy"), undefined)).toBe("mdi:weather-rainy");
    expect(iconName(entity("person.p", "not_home"), undefined)).toBe("mdi:account-arrow-right");
  });
  it("follows the device class, and its state", () => {
    expect(iconName(entity("binary_sensor.d", "on", { device_class: "door" }), undefined)).toBe(
      "mdi:door-open",
    );
    expect(iconName(entity("binary_sensor.d", "off", { device_class: "door" }), undefined)).toBe(
      "mdi:door-closed",
    );
    expect(iconName(entity("sensor.t", "21", { device_class: "temperature" }), undefined)).toBe(
      "mdi:thermometer",
    );
    expect(iconName(entity("cover.g", "open", { device_class: "garage" }), undefined)).toBe(
      "mdi:garage-open",
    );
  });
  it("uses the domain's icon for an unknown device class", () => {
    expect(componentIcon("sensor", "made_up", "1")).toBe("mdi:eye");
  });
  it("has the source-type icons of device_tracker_icon.ts", () => {
    expect(iconName(entity("device_tracker.p", "home", { source_type: "router" }), undefined)).toBe(
      "mdi:lan-connect",
    );
    expect(iconName(entity("device_tracker.p", "not_home", { source_type: "gps" }), undefined)).toBe(
      "mdi:account-arrow-right",
    );
  });
  it("words an alarm panel's state as icons.json does", () => {
    expect(iconName(entity("alarm_control_panel.a", "disarmed"), undefined)).toBe("mdi:shield-off");
  });
  it("has none for a domain without icons: the tile falls back to the domain icon", () => {
    expect(iconName(entity("remote.r", "on"), undefined)).toBeUndefined();
    expect(fallbackIcon("vacuum")).toBe(DEFAULT_DOMAIN_ICON);
    expect(fallbackIcon("light")).toBe(FALLBACK_DOMAIN_ICONS.light);
  });
  it("builds in every domain's default so the first paint needs no fetch", () => {
    for (const domain of [
      "light",
      "switch",
      "fan",
      "climate",
      "scene",
      "script",
      "lock",
      "sensor",
      "camera",
      "person",
      "weather",
    ]) {
      const name = iconName(entity(`${domain}.x`, "unknown"), undefined);
      expect(name && BUNDLED_ICONS[name], `${domain}: ${name}`).toMatch(/^M/);
    }
  });
});
