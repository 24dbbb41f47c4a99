import http from "node:http";
import type { AddressInfo } from "node:net";

export interface IngressProxy {
  /** Where the browser goes: `http://127.0.0.1:<port>/api/hassio_ingress/<token>/` */
  entry: string;
  /** Every path the browser asked for, to prove nothing escaped the ingress prefix. */
  seen: string[];
  /** Paths asked for outside the prefix (they would hit Home Assistant's own API). */
  escaped: string[];
  stop: () => Promise<void>;
}

export interface HaUser {
  id: string;
  name: string;
  displayName: string;
}

/**
 * A stand-in for the Supervisor's ingress: strips `/api/hassio_ingress/<token>`, drops any
 * client copies of the trusted headers, adds X-Ingress-Path and the signed-in HA user, and
 * streams bodies both ways (so Server-Sent Events pass through, as with the real one).
 */
export async function startIngressProxy(target: string, token: string, user: HaUser): Promise<IngressProxy> {
  const prefix = `/api/hassio_ingress/${token}`;
  const upstream = new URL(target);
  const seen: string[] = [];
  const escaped: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    seen.push(url);
    if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) {
      escaped.push(url);
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not under the ingress prefix");
      return;
    }
    const headers = { ...req.headers };
    for (const name of Object.keys(headers))
      if (name.startsWith("x-remote-user-") || name === "x-ingress-path") delete headers[name];
    Object.assign(headers, {
      host: upstream.host,
      "x-ingress-path": prefix,
      "x-remote-user-id": user.id,
      "x-remote-user-name": user.name,
      "x-remote-user-display-name": user.displayName,
      "x-forwarded-host": req.headers.host ?? "",
    });
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url.slice(prefix.length) || "/",
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    res.on("close", () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    entry: `http://127.0.0.1:${port}${prefix}/`,
    seen,
    escaped,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
