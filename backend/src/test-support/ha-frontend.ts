import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "./harness.js";

/**
 * The built HA frontend (issue 14's fixture) lives beside the checkout, never in it:
 * `../shared/ha-frontend` from the repository root, or `HASYNC_HA_FRONTEND_FIXTURE`.
 */
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Where the fixture is and whether it is there. Tests that need it skip where it is absent (with
 * `skipReason`), except under CI, which must have it: there its absence fails the run at collection.
 */
export function haFrontendFixture(env: NodeJS.ProcessEnv = process.env): {
  dir: string | null;
  skipReason: string;
} {
  const at = env.HASYNC_HA_FRONTEND_FIXTURE ?? path.resolve(REPO_ROOT, "../shared/ha-frontend");
  const present = fs.existsSync(path.join(at, "index.html"));
  if (!present && env.CI === "true") {
    throw new Error(`CI needs HA's built frontend at ${at} (HASYNC_HA_FRONTEND_FIXTURE)`);
  }
  return {
    dir: present ? at : null,
    skipReason: `HA's built frontend is not at ${at} (set HASYNC_HA_FRONTEND_FIXTURE); skipped`,
  };
}

/** The index template HA's build ships, cut to the Jinja constructs it really uses. */
export const SYNTHETIC_INDEX =
  '<!DOCTYPE html><html><head><meta name="theme-color" content="{{ theme_color }}">' +
  '<script type="module" src="/frontend_latest/app.js"></script></head><body>' +
  "<script>{%- for extra_module in extra_modules -%}\n" +
  '        import("{{ extra_module }}");\n        {%- endfor -%}</script>' +
  "<script>if (!window.latestJS) {\n          {%- for extra_script in extra_js_es5 -%}\n" +
  '          _ls("{{ extra_script }}");\n          {%- endfor -%}\n        }</script></body></html>\n';

/** A small `hass_frontend`-shaped directory: the same layout, a few bytes per file. */
export function syntheticFrontend(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir("ha-frontend-");
  const all: Record<string, string | Buffer> = {
    "index.html": SYNTHETIC_INDEX,
    "authorize.html": "<!DOCTYPE html><title>authorize</title>",
    "onboarding.html": "<!DOCTYPE html><title>onboarding</title>",
    "service_worker.js": "// legacy\n",
    "sw-modern.js": "self.addEventListener('fetch', () => {});\n",
    "robots.txt": "User-agent: *\nDisallow: /\n",
    "frontend_latest/app.js": "console.log('app');\n",
    "static/icons/favicon.ico": Buffer.from([0, 0, 1, 0, 1, 0]),
    "static/translations/en.json": '{"hello":"world"}',
    ...files,
  };
  for (const [name, body] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}
