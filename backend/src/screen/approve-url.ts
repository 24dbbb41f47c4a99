/** HAsync's slug in config.yaml; the Supervisor prefixes it with its repository's id. */
const ADDON_SLUG = "hasync";

/**
 * The add-on's full slug (`<repository>_hasync`, e.g. `local_hasync`), from the container's host
 * name: the Supervisor names an add-on's container host after its slug with `_` as `-` (HA core
 * `components/hassio/__init__.py` `hostname_from_addon_slug`), and a repository id never holds a
 * `-`. Null when the name is not such a host name (not running under the Supervisor).
 */
export function addonSlugFromHostname(hostname: string): string | null {
  const match = /^([a-z0-9]+)-hasync$/.exec(hostname);
  return match ? `${match[1]}_${ADDON_SLUG}` : null;
}

export interface ApproveUrlDeps {
  /** The add-on's slug when HAsync runs under the Supervisor, else null. */
  addonSlug: string | null;
  /** Home Assistant's `external_url` and `internal_url`, and its version, when known. */
  haConfig: () => { external_url?: unknown; internal_url?: unknown; version?: unknown } | null;
}

/**
 * Where the admin approves a screen's code.
 *
 * Under the Supervisor with HA's own address known, it is HAsync's panel in Home Assistant, the
 * address the admin already signs in to. HA's frontend (`src/panels/app/ha-panel-app.ts`, and
 * before 2026.2 `hassio/src/ingress-view/hassio-ingress-view.ts`) always loads the add-on at its
 * bare `ingress_url`: a sub-path after the slug only reaches the add-on as a `postMessage` route
 * tail, and the query never does. So the link is the panel root, whose overview lists the codes
 * waiting. The panel is `/app/<slug>` since frontend 20260128 (HA 2026.2), `/hassio/ingress/<slug>`
 * before. Otherwise it is HAsync's own pairing page with the code filled in.
 */
export function approveUrl(deps: ApproveUrlDeps, screenAddress: string, userCode: string): string {
  const panel = haPanelUrl(deps);
  return panel ?? `${screenAddress}admin/pair?code=${encodeURIComponent(userCode)}`;
}

function haPanelUrl({ addonSlug, haConfig }: ApproveUrlDeps): string | null {
  if (addonSlug === null) return null;
  const config = haConfig();
  const base = [config?.external_url, config?.internal_url].find(isHttpUrl);
  if (base === undefined) return null;
  const path = atLeast2026_2(config?.version) ? `app/${addonSlug}` : `hassio/ingress/${addonSlug}`;
  return new URL(path, `${base.replace(/\/+$/, "")}/`).href;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string" || value === "") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** HA versions are `YYYY.M.patch` (dev and beta builds add a suffix). */
export function atLeast2026_2(version: unknown): boolean {
  const match = typeof version === "string" ? /^(\d+)\.(\d+)/.exec(version) : null;
  if (!match) return true;
  const [year, month] = [Number(match[1]), Number(match[2])];
  return year > 2026 || (year === 2026 && month >= 2);
}
