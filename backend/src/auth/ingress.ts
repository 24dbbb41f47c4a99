import type { IncomingMessage } from "node:http";
import type { AdminUser } from "hasync";
import { normalizeIp } from "../settings/settings.js";

/** `X-Ingress-Path` as the Supervisor sends it: no trailing slash, a token of URL-safe characters. */
const INGRESS_PATH = /^\/api\/hassio_ingress\/[A-Za-z0-9_-]{1,256}$/;

export interface IngressContext {
  /** Prefix the browser sees, e.g. `/api/hassio_ingress/<token>`. */
  path: string;
  /** The Home Assistant user signed in to HA, when the Supervisor says who it is. */
  user: (AdminUser & { id: string }) | null;
}

export const clientIp = (req: IncomingMessage): string => normalizeIp(req.socket.remoteAddress ?? "");

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" ? undefined : first.slice(0, 256);
}

/**
 * The ingress context of a request, believed only when the request comes from the ingress peer
 * (the Supervisor, 172.30.32.2): anyone on the LAN can send these headers; only the Supervisor's
 * copies are true, because it strips the client's.
 */
export function ingressOf(req: IncomingMessage, ingressPeer: string): IngressContext | null {
  if (clientIp(req) !== ingressPeer) return null;
  const path = header(req, "x-ingress-path");
  if (path === undefined || !INGRESS_PATH.test(path)) return null;
  const id = header(req, "x-remote-user-id");
  if (id === undefined) return { path, user: null };
  const name = header(req, "x-remote-user-name") ?? id;
  return {
    path,
    user: { id, name, display_name: header(req, "x-remote-user-display-name") ?? null, via: "ingress" },
  };
}
