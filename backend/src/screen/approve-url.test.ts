import { describe, expect, it } from "vitest";
import { addonSlugFromHostname, approveUrl } from "./approve-url.js";

const SCREEN = "http://192.168.1.20:8099/";

describe("approveUrl", () => {
  it("is HAsync's own pairing page with the code outside the Supervisor", () => {
    const url = approveUrl(
      { addonSlug: null, haConfig: () => ({ external_url: "https://ha.example" }) },
      SCREEN,
      "ABCD-EFGH",
    );
    expect(url).toBe("http://192.168.1.20:8099/admin/pair?code=ABCD-EFGH");
  });

  it("is HAsync's panel root in Home Assistant under the Supervisor, external URL first", () => {
    const deps = (config: Record<string, unknown> | null) => ({
      addonSlug: "local_hasync",
      haConfig: () => config,
    });
    expect(
      approveUrl(
        deps({
          external_url: "https://ha.example/",
          internal_url: "http://homeassistant.local:8123",
          version: "2026.5.1",
        }),
        SCREEN,
        "X",
      ),
    ).toBe("https://ha.example/app/local_hasync");
    expect(
      approveUrl(
        deps({ internal_url: "http://homeassistant.local:8123", version: "2025.12.3" }),
        SCREEN,
        "X",
      ),
    ).toBe("http://homeassistant.local:8123/hassio/ingress/local_hasync");
    // HA's URL not set (or not a URL): HAsync's own link.
    expect(approveUrl(deps({ external_url: null, internal_url: "nonsense" }), SCREEN, "X")).toBe(
      `${SCREEN}admin/pair?code=X`,
    );
    expect(approveUrl(deps(null), SCREEN, "X")).toBe(`${SCREEN}admin/pair?code=X`);
  });
});

describe("addonSlugFromHostname", () => {
  it("reads the Supervisor's container name back into the slug, and nothing else", () => {
    expect(addonSlugFromHostname("local-hasync")).toBe("local_hasync");
    expect(addonSlugFromHostname("a1b2c3d4-hasync")).toBe("a1b2c3d4_hasync");
    for (const other of ["hasync", "my-laptop", "3f2a9c1e0b7d", "a-b-hasync", "local-hasync.lan"])
      expect(addonSlugFromHostname(other)).toBeNull();
  });
});
