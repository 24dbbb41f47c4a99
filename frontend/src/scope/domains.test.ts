import { describe, expect, it } from "vitest";
import { controlNote, domainName } from "./domains.js";

describe("domains", () => {
  it("names domains as Home Assistant does, or spells them out", () => {
    expect(domainName("media_player")).toBe("Media players");
    expect(domainName("lawn_mower")).toBe("Lawn mower");
  });

  it("warns that a script or an automation runs whatever it does", () => {
    expect(controlNote("script.good_night")).toMatch(/whatever it does, inside or outside its scope/);
    expect(controlNote("automation.arrive_home")).toMatch(/whatever it does/);
    expect(controlNote("scene.movie_night")).toBeNull();
    expect(controlNote("light.kitchen")).toBeNull();
  });
});
