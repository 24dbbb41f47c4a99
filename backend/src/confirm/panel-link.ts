import { configuredHosts } from "../auth/origins.js";
import { atLeast2026_2 } from "../screen/approve-url.js";

export interface PanelLinkDeps {
  /** The add-on's slug under the Supervisor (screen/approve-url.ts `addonSlugFromHostname`), else null. */
  addonSlug: string | null;
  haConfig: () => { version?: unknown; internal_url?: unknown } | null;
  /** HAsync's LAN port as bound, and whether it speaks HTTPS. */
  lanPort: () => number | null;
  lanTls: boolean;
}

/**
 * Where the admin answers a held call. Under the Supervisor: HAsync's panel as a path inside
 * Home Assistant (`/app/<slug>` since HA 2026.2, `/hassio/ingress/<slug>` before; see
 * screen/approve-url.ts), which HA's notification drawer and the companion apps' `url` /
 * `clickAction` open in place. Otherwise HAsync's own admin page on its LAN port, at the host of
 * HA's `internal_url`; null when that is not known.
 */
export function panelLink(deps: PanelLinkDeps): string | null {
  const config = deps.haConfig();
  if (deps.addonSlug !== null) {
    return atLeast2026_2(config?.version) ? `/app/${deps.addonSlug}` : `/hassio/ingress/${deps.addonSlug}`;
  }
  const host = [...configuredHosts([config?.internal_url])][0];
  const port = deps.lanPort();
  if (host === undefined || port === null) return null;
  const name = host.includes(":") ? `[${host}]` : host;
  return new URL(`${deps.lanTls ? "https" : "http"}://${name}:${port}/admin/`).href;
}
