import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { startTestServer, type TestServer, tempDir } from "./harness.js";

/**
 * HAsync with the add-on's `ssl` option on a throwaway self-signed certificate: HTTPS on the LAN
 * port, ingress on its own plain listener. `close()` also removes the certificate.
 */
export async function startTlsServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = tempDir("hasync-tls-");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
      ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  const server = await startTestServer({
    env: {
      HASYNC_SSL: "true",
      HASYNC_CERTFILE: path.join(dir, "cert.pem"),
      HASYNC_KEYFILE: path.join(dir, "key.pem"),
      HASYNC_INGRESS_PORT: "0",
      HASYNC_INGRESS_PEER: "127.0.0.1",
      ...env,
    },
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A same-origin JSON POST over HTTPS to the self-signed server: its status and Set-Cookie. */
export function postOverTls(url: string, body: unknown): Promise<{ status: number; setCookie: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: "POST",
        rejectUnauthorized: false,
        headers: { "content-type": "application/json", origin: new URL(url).origin },
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers["set-cookie"] ?? "") });
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
