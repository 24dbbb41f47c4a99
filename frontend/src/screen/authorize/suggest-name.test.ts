import { describe, expect, it } from "vitest";
import { suggestName } from "./suggest-name.js";

const iphone = { name: "iPhone", type: "phone" as const, model: "iPhone" };

describe("the name suggested for a device signing in through an app", () => {
  it("says where it runs and which app", () => {
    expect(suggestName({ client_name: "Home Assistant app", ha_app: true }, iphone)).toBe(
      "iPhone (Home Assistant app)",
    );
    expect(suggestName({ client_name: "dash.local:8123", ha_app: false }, iphone)).toBe(
      "iPhone (dash.local:8123)",
    );
  });

  it("stays within the 64 characters a device name may have", () => {
    const name = suggestName({ client_name: "x".repeat(100), ha_app: false }, iphone);
    expect(name.length).toBe(64);
    expect(name.endsWith("…")).toBe(true);
  });
});
