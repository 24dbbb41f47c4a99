import { describe, expect, it } from "vitest";
import { guessBrowser } from "./device-name.js";

// Real user agents of the devices a household hangs on a wall or hands a guest.
const UA = {
  ipad: "Mozilla/5.0 (iPad; CPU OS 14_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Mobile/15E148 Safari/604.1",
  ipadOs:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  androidTablet:
    "Mozilla/5.0 (Linux; Android 11; SM-T510 Build/RP1A.200720.012) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36",
  androidPhone:
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  windowsChrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  windowsEdge:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
  macSafari:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  headless:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
  fireTv:
    "Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233) AppleWebKit/537.36 (KHTML, like Gecko) Silk/112.3.1 like Chrome/112.0.5615.213 Safari/537.36",
};

describe("guessBrowser", () => {
  it("names tablets and phones after the device", () => {
    expect(guessBrowser(UA.ipad, 5)).toEqual({ name: "iPad", type: "tablet", model: "iPad" });
    expect(guessBrowser(UA.iphone, 5)).toEqual({ name: "iPhone", type: "phone", model: "iPhone" });
    expect(guessBrowser(UA.androidTablet)).toEqual({
      name: "Android tablet",
      type: "tablet",
      model: "SM-T510",
    });
    // Chrome's reduced user agent hides the model behind "K": the platform stands in.
    expect(guessBrowser(UA.androidPhone)).toEqual({
      name: "Android phone",
      type: "phone",
      model: "Android phone",
    });
  });

  it("tells an iPad that reports itself as a Mac by its touch points", () => {
    expect(guessBrowser(UA.ipadOs, 5).name).toBe("iPad");
    expect(guessBrowser(UA.macSafari, 0)).toEqual({ name: "Safari on Mac", type: "desktop", model: "Mac" });
  });

  it("names desktops after their browser", () => {
    expect(guessBrowser(UA.windowsChrome).name).toBe("Chrome on Windows");
    expect(guessBrowser(UA.windowsEdge).name).toBe("Edge on Windows");
    expect(guessBrowser(UA.linuxFirefox).name).toBe("Firefox on Linux");
    expect(guessBrowser(UA.headless).name).toBe("Chrome on Linux");
  });

  it("recognises a TV stick", () => {
    expect(guessBrowser(UA.fireTv).type).toBe("tv");
  });

  it("still suggests something for an unknown browser", () => {
    expect(guessBrowser("curl/8.0", 0)).toEqual({ name: "This screen", type: "other", model: "Browser" });
  });
});
