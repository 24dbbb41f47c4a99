/**
 * Client-side routes. Paths are kept RELATIVE to the document base (`""`, `"devices/abc"`), the
 * same form links use in `href`, so nothing in the app ever builds a root-absolute URL: the base
 * is `/admin/` on the LAN port and `/api/hassio_ingress/<token>/` inside Home Assistant.
 */
export type Route =
  | { name: "overview" }
  | { name: "pair" }
  | { name: "devices" }
  | { name: "device"; id: string }
  | { name: "invites" }
  | { name: "activity" }
  | { name: "settings" }
  | { name: "not_found" };

/** The directory part of the document base, always ending in "/". */
export function basePath(baseURI: string): string {
  const path = new URL(baseURI).pathname;
  return path.endsWith("/") ? path : path.slice(0, path.lastIndexOf("/") + 1);
}

/** The route path of a location, relative to the base: "/ingress/x/devices/" → "devices". */
export function routePath(pathname: string, base: string): string {
  const root = base.replace(/\/+$/, "");
  if (pathname !== root && !pathname.startsWith(`${root}/`)) return "";
  return pathname.slice(root.length).replace(/^\/+|\/+$/g, "");
}

export function matchRoute(path: string): Route {
  const parts = path.split("/").filter((p) => p !== "");
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { name: "not_found" };
  if (first === undefined) return { name: "overview" };
  if (first === "devices" && second !== undefined) {
    return { name: "device", id: safeDecode(second) };
  }
  if (second !== undefined) return { name: "not_found" };
  switch (first) {
    case "pair":
      return { name: "pair" };
    case "devices":
      return { name: "devices" };
    case "invites":
      return { name: "invites" };
    case "activity":
      return { name: "activity" };
    case "settings":
      return { name: "settings" };
    default:
      return { name: "not_found" };
  }
}

/** The relative href of a route; "./" is the base itself. */
export function hrefOf(route: Route, query?: Record<string, string>): string {
  const path = pathOf(route);
  const search = query ? new URLSearchParams(query).toString() : "";
  return `${path === "" ? "./" : path}${search ? `?${search}` : ""}`;
}

function pathOf(route: Route): string {
  switch (route.name) {
    case "overview":
    case "not_found":
      return "";
    case "device":
      return `devices/${encodeURIComponent(route.id)}`;
    default:
      return route.name;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
