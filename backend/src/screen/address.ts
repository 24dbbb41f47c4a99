import type { Request } from "express";
import { ingressOf } from "../auth/ingress.js";
import { configuredHosts, hostnameOf, isHomeHost } from "../auth/origins.js";
import { HttpError } from "../http/errors.js";

export interface ScreenAddressDeps {
  /** The only peer whose ingress headers (X-Ingress-Path, X-Forwarded-Host) are believed. */
  ingressPeer: string;
  /** HAsync's LAN port as bound (the setting may be 0 in tests); null before it listens. */
  lanPort: () => number | null;
  /** The LAN port speaks HTTPS (the `ssl` option, settings `tls`). */
  lanTls: boolean;
  /** Home Assistant's `internal_url` (Settings → System → Network), when known. */
  haInternalUrl: () => unknown;
}

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin the client used to reach this listener; a Host that is not a host name is refused. */
export function requestOrigin(req: Request): string {
  const host = req.get("host") ?? "";
  if (!HOST_HEADER.test(host)) {
    throw new HttpError(400, "invalid_request", "The Host header is not a valid host name.");
  }
  return `${req.protocol}://${host}`;
}

/**
 * Where a device on the LAN reaches HAsync's device side: `http(s)://<host>:<LAN port>/`.
 *
 * On the LAN port the request's own origin is that address. Behind ingress the request comes from
 * the Supervisor on another port, so the host is the one the admin's browser used for Home
 * Assistant (X-Forwarded-Host, set by HA's ingress proxy, core `components/hassio/ingress.py`
 * `_init_header`, believed only from the ingress peer) when it is a name the home network
 * resolves, else HA's `internal_url` host; the port and scheme are the LAN listener's, since
 * add-on ports are published on the Home Assistant host. An `external_url` (a cloud proxy) is
 * never used: HAsync's port is not behind it.
 */
export function screenAddress(req: Request, deps: ScreenAddressDeps): string {
  const port = deps.lanPort();
  if (ingressOf(req, deps.ingressPeer) === null || port === null) return `${requestOrigin(req)}/`;
  const internal = [...configuredHosts([deps.haInternalUrl()])][0];
  const forwarded = hostnameOf(req.get("x-forwarded-host")?.split(",")[0]?.trim() ?? "");
  const hostname =
    (forwarded !== "" && isHomeHost(forwarded, new Set(internal ? [internal] : []))
      ? forwarded
      : undefined) ??
    internal ??
    (forwarded !== "" ? forwarded : hostnameOf(req.get("host") ?? ""));
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  // URL drops a default port (443 for https, 80 for http), as a browser would show the address.
  return new URL(`${deps.lanTls ? "https" : "http"}://${host}:${port}/`).href;
}
