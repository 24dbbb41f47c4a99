import * as mdi from "@mdi/js";
import { describe, expect, it } from "vitest";
import { chunkFor, contentHash, iconKey, splitIcons } from "./chunking.js";

const icons = mdi as unknown as Record<string, string>;

describe("icon chunks (as HA's gen-icons-json.js / data/iconsets.ts split and find them)", () => {
  it("maps mdi: names to @mdi/js export names", () => {
    expect(iconKey("mdi:account-arrow-right")).toBe("mdiAccountArrowRight");
    expect(iconKey("mdi:numeric-1-box")).toBe("mdiNumeric1Box");
    expect(icons[iconKey("mdi:numeric-1-box") ?? ""]).toBe(mdi.mdiNumeric1Box);
    expect(iconKey("hass:lightbulb")).toBeNull();
    expect(iconKey("mdi:Bad_Name")).toBeNull();
    expect(iconKey("mdi:")).toBeNull();
  });

  const chunks = splitIcons(icons, 60_000);
  const index = {
    parts: chunks.map((chunk) => Object.keys(chunk)[0]),
    files: chunks.map((_, n) => `${n}.json`),
  };

  it("splits every icon once, in bounded chunks", () => {
    const total = chunks.reduce((sum, chunk) => sum + Object.keys(chunk).length, 0);
    expect(total).toBe(Object.keys(icons).filter((key) => key.startsWith("mdi")).length);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThan(70_000);
  });

  it("finds the chunk holding any icon", () => {
    for (const key of ["mdiAbTesting", "mdiLightbulb", "mdiZodiacVirgo", "mdiWeatherRainy"]) {
      expect(chunks[chunkFor(index, key)][key], key).toBe(icons[key]);
    }
    expect(chunkFor(index, "mdiA")).toBe(-1);
  });

  it("names files by their content", () => {
    expect(contentHash("a")).toBe(contentHash("a"));
    expect(contentHash("a")).not.toBe(contentHash("b"));
  });
});
