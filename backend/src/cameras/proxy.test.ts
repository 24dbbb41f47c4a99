import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayFixture, startGatewayFixture } from "../test-support/gateway.js";
import { waitFor } from "../test-support/ha-link.js";
import { rawExchange } from "../test-support/hostile.js";
import { readMjpeg } from "../test-support/mjpeg.js";

/**
 * HA's camera views through HAsync, compared with the same request straight to the demo HA:
 * the same bytes, only for cameras in the device's scope, streamed and bounded.
 */

let fx: GatewayFixture;
let token: string;
const CAMERA = "camera.driveway";

const device = () => ({ authorization: `Bearer ${token}` });
const haBearer = () => ({ authorization: `Bearer ${fx.ha.token}` });
const viaHasync = (path: string, headers: Record<string, string> = device()) =>
  fetch(`${fx.url}${path}`, { headers });
const direct = (path: string) => fetch(`${fx.ha.url}${path}`, { headers: haBearer() });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

beforeAll(async () => {
  fx = await startGatewayFixture({ demo: { cameras: { rotationMs: 0, frameIntervalMs: 20 } } });
  const paired = await fx.pair({ entities: [CAMERA, "light.kitchen_spots"] }, "Gate display");
  token = paired.token;
}, 30_000);

afterAll(async () => {
  await fx.close();
});

/** An MJPEG stream held open and not read: resolves once its headers arrived. */
function holdStream(headers: Record<string, string>): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${fx.url}/api/camera_proxy_stream/${CAMERA}`, { headers }, (res) => {
      res.pause();
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}

describe("camera stills", () => {
  it("are byte for byte HA's, by bearer token, with HA's query passed on", async () => {
    for (const query of ["", "?width=64&height=48"]) {
      const through = await viaHasync(`/api/camera_proxy/${CAMERA}${query}`);
      expect([query, through.status]).toEqual([query, 200]);
      expect(through.headers.get("content-type")).toBe("image/jpeg");
      const expected = await bytes(await direct(`/api/camera_proxy/${CAMERA}${query}`));
      expect((await bytes(through)).equals(expected)).toBe(true);
      expect(Number(through.headers.get("content-length"))).toBe(expected.length);
    }
  });

  it("open with the state's own entity_picture, which carries HAsync's signature", async () => {
    const state = (await (await viaHasync(`/api/states/${CAMERA}`)).json()) as {
      attributes: { entity_picture: string; access_token: string };
    };
    const picture = state.attributes.entity_picture;
    expect(picture.startsWith(`/api/camera_proxy/${CAMERA}?token=`)).toBe(true);
    const image = await fetch(`${fx.url}${picture}`);
    expect(image.status).toBe(200);
    expect((await bytes(image)).equals(await bytes(await direct(`/api/camera_proxy/${CAMERA}`)))).toBe(true);
    // HA's frontend builds the MJPEG URL from `access_token`; it works the same way.
    const stream = await readMjpeg(
      `${fx.url}/api/camera_proxy_stream/${CAMERA}?token=${state.attributes.access_token}`,
      {},
      1,
    );
    expect(stream.frames).toHaveLength(1);
  });

  it("answer out-of-scope, unknown and non-camera entities alike: HA's 404", async () => {
    for (const id of ["camera.garden_shed", "camera.nowhere", "light.kitchen_spots", "lock.front_door"]) {
      const res = await viaHasync(`/api/camera_proxy/${id}`);
      expect([id, res.status, await res.text()]).toEqual([id, 404, "404: Not Found"]);
    }
  });

  it("need a credential: 401 for a bad bearer, 403 for none or a bad token, whatever the camera", async () => {
    for (const id of [CAMERA, "camera.nowhere"]) {
      const none = await viaHasync(`/api/camera_proxy/${id}`, {});
      expect([none.status, await none.text()]).toEqual([403, "403: Forbidden"]);
      const badToken = await viaHasync(`/api/camera_proxy/${id}?token=abc`, {});
      expect(badToken.status).toBe(403);
      const badBearer = await viaHasync(`/api/camera_proxy/${id}`, { authorization: "Bearer nope" });
      expect([badBearer.status, await badBearer.text()]).toEqual([401, "401: Unauthorized"]);
    }
    // HA's own camera token is no credential here.
    const atHa = (await (await direct(`/api/states/${CAMERA}`)).json()) as {
      attributes: { access_token: string };
    };
    const access = atHa.attributes.access_token;
    expect((await viaHasync(`/api/camera_proxy/${CAMERA}?token=${access}`, {})).status).toBe(403);
    expect((await viaHasync(`/api/camera_proxy/${CAMERA}`, haBearer())).status).toBe(401);
  });
});

describe("camera streams", () => {
  it("pass HA's multipart stream through, boundary and frames unchanged", async () => {
    const through = await readMjpeg(`${fx.url}/api/camera_proxy_stream/${CAMERA}`, device(), 3);
    const straight = await readMjpeg(`${fx.ha.url}/api/camera_proxy_stream/${CAMERA}`, haBearer(), 3);
    expect(through.contentType).toBe("multipart/x-mixed-replace; boundary=--frameboundary");
    expect(through.frames).toEqual(straight.frames);
  });

  it("abort HA's request when the device hangs up mid-stream", async () => {
    const closed = new Promise<void>((resolve) => {
      const stop = fx.ha.cameras.onStreamClosed(() => {
        stop();
        resolve();
      });
    });
    const read = await readMjpeg(`${fx.url}/api/camera_proxy_stream/${CAMERA}?interval=0.5`, device(), 2);
    expect(read.frames).toHaveLength(2);
    await closed;
    await waitFor(() => fx.ha.cameras.openStreams === 0, 10_000, "HA's stream to close");
  });

  it("are bounded per device: a fifth concurrent stream is 429 until one closes", async () => {
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await holdStream(device()));
    expect(held.map((h) => h.status)).toEqual([200, 200, 200, 200]);
    const fifth = await viaHasync(`/api/camera_proxy_stream/${CAMERA}`);
    expect([fifth.status, fifth.headers.get("retry-after"), await fifth.text()]).toEqual([
      429,
      "5",
      "429: Too Many Requests",
    ]);
    for (const stream of held) stream.close();
    await waitFor(() => fx.ha.cameras.openStreams === 0, 10_000, "the held streams to close");
    const again = await readMjpeg(`${fx.url}/api/camera_proxy_stream/${CAMERA}`, device(), 1);
    expect(again.status).toBe(200);
  });

  it("end the moment the camera leaves the device's scope", async () => {
    const other = await fx.pair({ entities: [CAMERA] }, "Porch display");
    const stream = await holdStream({ authorization: `Bearer ${other.token}` });
    expect(stream.status).toBe(200);
    await waitFor(() => fx.ha.cameras.openStreams === 1, 10_000, "the stream at HA");
    const scope = { entities: ["light.kitchen_spots"] };
    await fx.admin(`/devices/${other.device.id}`, { method: "PATCH", body: JSON.stringify({ scope }) });
    await waitFor(() => fx.ha.cameras.openStreams === 0, 10_000, "HA's stream to be aborted");
    stream.close();
    const after = await viaHasync(`/api/camera_proxy/${CAMERA}`, { authorization: `Bearer ${other.token}` });
    expect(after.status).toBe(404);
  });
});

describe("hostile camera requests", () => {
  it("get 400 for a malformed width, height or interval, and never reach HA", async () => {
    for (const query of ["width=abc", "width=0", "width=-5", "width=1e3", "width=99999", "width=1&width=2"]) {
      const res = await viaHasync(`/api/camera_proxy/${CAMERA}?${query}`);
      expect([query, res.status, await res.text()]).toEqual([query, 400, "400: Bad Request"]);
    }
    for (const query of [
      "interval=0.1",
      "interval=soon",
      "interval=",
      "interval=1e9",
      "interval=1&interval=2",
    ]) {
      const res = await viaHasync(`/api/camera_proxy_stream/${CAMERA}?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it("answer odd paths, methods and huge queries in HA's words, never a 5xx", async () => {
    for (const path of [
      `/api/camera_proxy/`,
      `/api/camera_proxy/${CAMERA}/extra`,
      "/api/camera_proxy/..%2F..%2Fstates",
      "/api/camera_proxy/camera.driveway%00",
      "/api/camera_proxy/%E0%A4%A",
      `/api/camera_proxy/${"c".repeat(5000)}`,
    ]) {
      const res = await viaHasync(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const post = await fetch(`${fx.url}/api/camera_proxy/${CAMERA}`, { method: "POST", headers: device() });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
    const huge = await viaHasync(`/api/camera_proxy/${CAMERA}?width=1&pad=${"x".repeat(6000)}`);
    expect(huge.status).toBe(200);
    const port = Number(new URL(fx.url).port);
    const raw = await rawExchange(
      port,
      `GET /api/camera_proxy/${CAMERA}?token=${"%ff".repeat(3000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(raw.startsWith("HTTP/1.1 403")).toBe(true);
  });

  it("never lets HA's answer headers through beyond the body's own", async () => {
    const res = await viaHasync(`/api/camera_proxy/${CAMERA}`);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});
