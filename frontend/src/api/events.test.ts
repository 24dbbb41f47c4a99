import { describe, expect, it } from "vitest";
import { ADMIN_EVENT_TYPES, streamUrl } from "./events.js";

describe("the admin push channel", () => {
  it("is a relative URL, with the watched device encoded", () => {
    expect(streamUrl(null)).toBe("api/v1/admin/events");
    expect(streamUrl("a b/c")).toBe("api/v1/admin/events?device=a%20b%2Fc");
  });

  it("listens to every event name once", () => {
    expect(new Set(ADMIN_EVENT_TYPES).size).toBe(ADMIN_EVENT_TYPES.length);
    expect(ADMIN_EVENT_TYPES).toContain("preview");
  });
});
