import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMiddleware } from "../http/errors.js";
import { memoryLogger } from "../test-support/harness.js";
import { type ScreenAddressDeps, screenAddress } from "./address.js";

let internalUrl: unknown = null;
let lanTls = false;
let server: http.Server;
let port = 0;

beforeAll(async () => {
  const app = express();
  app.set("trust proxy", false);
  const deps = (): ScreenAddressDeps => ({
    ingressPeer: "127.0.0.1",
    lanPort: () => 8099,
    lanTls,
    haInternalUrl: () => internalUrl,
  });
  app.get("/address", (req, res) => {
    res.json({ url: screenAddress(req, deps()) });
  });
  app.use(errorMiddleware(memoryLogger().log));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** GET /address with exact headers (fetch may not set Host), from `localAddress`. */
function get(
  headers: Record<string, string>,
  localAddress = "127.0.0.1",
): Promise<{ status: number; body: { url?: string; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/address", headers, localAddress }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const INGRESS = { "x-ingress-path": "/api/hassio_ingress/abc" };

describe("screenAddress", () => {
  it("is the request's own origin on the LAN port", async () => {
    expect((await get({ host: "192.168.1.20:8099" })).body.url).toBe("http://192.168.1.20:8099/");
    expect((await get({ host: "[fd00::5]:8099" })).body.url).toBe("http://[fd00::5]:8099/");
  });

  it("refuses a Host that is not a host name", async () => {
    const res = await get({ host: "evil/path" });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("invalid_request");
  });

  it("behind ingress, uses the host the browser used for HA with HAsync's LAN port", async () => {
    internalUrl = "http://homeassistant.local:8123";
    const res = await get({ ...INGRESS, host: "172.30.33.4:8098", "x-forwarded-host": "192.168.1.20:8123" });
    expect(res.body.url).toBe("http://192.168.1.20:8099/");
  });

  it("behind ingress via a cloud name, uses HA's internal_url host instead", async () => {
    internalUrl = "http://homeassistant.local:8123";
    const res = await get({ ...INGRESS, host: "172.30.33.4:8098", "x-forwarded-host": "abc.ui.nabu.casa" });
    expect(res.body.url).toBe("http://homeassistant.local:8099/");
  });

  it("speaks https when the LAN port does", async () => {
    lanTls = true;
    internalUrl = null;
    const res = await get({ ...INGRESS, host: "172.30.33.4:8098", "x-forwarded-host": "ha.home.arpa" });
    expect(res.body.url).toBe("https://ha.home.arpa:8099/");
    lanTls = false;
  });

  it("believes X-Forwarded-Host only from the ingress peer", async () => {
    internalUrl = null;
    const res = await get(
      { ...INGRESS, host: "192.168.1.20:8099", "x-forwarded-host": "attacker.lan" },
      "127.0.0.2",
    );
    expect(res.body.url).toBe("http://192.168.1.20:8099/");
  });
});
