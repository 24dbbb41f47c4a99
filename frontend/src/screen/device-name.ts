import type { DeviceType } from "hasync";

/** What the browser says about itself, enough to suggest a name the admin will recognise. */
export interface BrowserGuess {
  /** "iPad", "Android tablet", "Chrome on Windows". */
  name: string;
  type: DeviceType;
  /** The device's model where the browser names it ("SM-T510"), else the platform. */
  model: string;
}

interface Platform {
  test: RegExp;
  name: string;
  type: DeviceType;
}

// Order matters: iPadOS 13+ claims to be a Mac (caught by `touchPoints` below), TV sticks run
// Android, Android tablets omit "Mobile", and desktops are named after their browser.
const PLATFORMS: readonly Platform[] = [
  { test: /\biPad\b/, name: "iPad", type: "tablet" },
  { test: /\biPhone\b/, name: "iPhone", type: "phone" },
  { test: /\biPod\b/, name: "iPod", type: "phone" },
  { test: /\b(SMART-TV|SmartTV|Tizen|Web0S|webOS|BRAVIA|AFT\w*)\b/, name: "TV", type: "tv" },
  { test: /\bAndroid\b.*\bMobile\b/, name: "Android phone", type: "phone" },
  { test: /\bAndroid\b/, name: "Android tablet", type: "tablet" },
  { test: /\bCrOS\b/, name: "Chromebook", type: "desktop" },
  { test: /\bWindows\b/, name: "Windows", type: "desktop" },
  { test: /\bMacintosh\b/, name: "Mac", type: "desktop" },
  { test: /\bLinux\b/, name: "Linux", type: "desktop" },
];

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

/** An Android model from "Android 11; SM-T510 Build/…" or "Android 13; Pixel Tablet)". */
function androidModel(userAgent: string): string | null {
  const match = /\bAndroid [\d.]+; (?:[a-z]{2}[-_][a-z]{2}; )?([^;)]+?)(?: Build\/[^;)]*)?[;)]/i.exec(
    userAgent,
  );
  const model = match?.[1]?.trim();
  return model && model !== "K" && model.length <= 64 ? model : null;
}

/**
 * A name to suggest on "Pair this screen", from the user agent. `maxTouchPoints` tells an iPad
 * (which reports itself as a Mac since iPadOS 13) from a real Mac.
 */
export function guessBrowser(userAgent: string, maxTouchPoints = 0): BrowserGuess {
  const ipadAsMac = /\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1;
  const platform = ipadAsMac
    ? { name: "iPad", type: "tablet" as const }
    : (PLATFORMS.find((p) => p.test.test(userAgent)) ?? { name: "", type: "other" as const });
  const model =
    (platform.name.startsWith("Android") && androidModel(userAgent)) || platform.name || "Browser";
  if (platform.type !== "desktop") {
    return { name: platform.name || "This screen", type: platform.type, model };
  }
  const browser = BROWSERS.find(([test]) => test.test(userAgent))?.[1];
  return { name: browser ? `${browser} on ${platform.name}` : platform.name, type: "desktop", model };
}
