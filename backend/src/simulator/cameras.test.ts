import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMjpeg } from "../test-support/mjpeg.js";
import { DemoHomeAssistant } from "./index.js";
import { encodeJpeg } from "./jpeg.js";

let demo: DemoHomeAssistant;
const CAMERA = "camera.driveway";

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${demo.url}${path}`, { headers });
const bearer = () => ({ authorization: `Bearer ${demo.token}` });

async function cameraToken(): Promise<string> {
  const state = (await (await get(`/api/states/${CAMERA}`, bearer())).json()) as {
    attributes: { access_token: string; entity_picture: string };
  };
  expect(state.attributes.entity_picture).toBe(
    `/api/camera_proxy/${CAMERA}?token=${state.attributes.access_token}`,
  );
  return state.attributes.access_token;
}

beforeAll(async () => {
  demo = new DemoHomeAssistant({ driftIntervalMs: 0, cameras: { rotationMs: 0, frameIntervalMs: 0 } });
  await demo.start();
});

afterAll(async () => {
  await demo.stop();
});

describe("the demo home's camera views, as HA's camera component", () => {
  it("serves a real JPEG to the bearer token and to the camera's access token", async () => {
    const byBearer = await get(`/api/camera_proxy/${CAMERA}`, bearer());
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers.get("content-type")).toBe("image/jpeg");
    const image = Buffer.from(await byBearer.arrayBuffer());
    // SOI, a JFIF APP0, EOI: what any decoder first looks at.
    expect([...image.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(image.subarray(6, 10).toString()).toBe("JFIF");
    expect([...image.subarray(-2)]).toEqual([0xff, 0xd9]);
    const byToken = await get(`/api/camera_proxy/${CAMERA}?token=${await cameraToken()}`);
    expect(Buffer.from(await byToken.arrayBuffer()).equals(image)).toBe(true);
  });

  it("scales when both width and height are given, and answers a non-number 500 like HA", async () => {
    const small = await get(`/api/camera_proxy/${CAMERA}?width=64&height=48`, bearer());
    const bytes = Buffer.from(await small.arrayBuffer());
    expect(bytes.equals(encodeJpeg({ width: 64, height: 48 }))).toBe(true);
    const bad = await get(`/api/camera_proxy/${CAMERA}?width=wide`, bearer());
    expect([bad.status, await bad.text()]).toEqual([500, "500: Internal Server Error"]);
  });

  it("answers an unknown camera 404 first, a bad token 403 and a bad bearer 401", async () => {
    const unknown = await get("/api/camera_proxy/camera.nowhere");
    expect([unknown.status, await unknown.text()]).toEqual([404, "404: Not Found"]);
    expect((await get(`/api/camera_proxy/lock.front_door`, bearer())).status).toBe(404);
    const badToken = await get(`/api/camera_proxy/${CAMERA}?token=nope`);
    expect([badToken.status, await badToken.text()]).toEqual([403, "403: Forbidden"]);
    expect((await get(`/api/camera_proxy/${CAMERA}`)).status).toBe(403);
    const badBearer = await get(`/api/camera_proxy/${CAMERA}`, { authorization: "Bearer nope" });
    expect([badBearer.status, await badBearer.text()]).toEqual([401, "401: Unauthorized"]);
  });

  it("rotates the token with a state write and accepts the last two, as HA's deque of two", async () => {
    const first = await cameraToken();
    demo.cameras.rotateTokens();
    const second = await cameraToken();
    expect(second).not.toBe(first);
    expect((await get(`/api/camera_proxy/${CAMERA}?token=${first}`)).status).toBe(200);
    demo.cameras.rotateTokens();
    expect((await get(`/api/camera_proxy/${CAMERA}?token=${first}`)).status).toBe(403);
    expect((await get(`/api/camera_proxy/${CAMERA}?token=${second}`)).status).toBe(200);
  });

  it("streams MJPEG frames, the first one twice, and notices the client hanging up", async () => {
    const closed = new Promise<void>((resolve) => demo.cameras.onStreamClosed(resolve));
    const read = await readMjpeg(`${demo.url}/api/camera_proxy_stream/${CAMERA}`, bearer(), 4);
    expect(read.contentType).toBe("multipart/x-mixed-replace; boundary=--frameboundary");
    const [a, b, c] = read.frames as [Buffer, Buffer, Buffer];
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect([...c.subarray(0, 2), ...c.subarray(-2)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    await closed;
    expect(demo.cameras.openStreams).toBe(0);
  });

  it("refuses a stream interval below HA's 0.5 s or not a number with 400", async () => {
    for (const interval of ["0.1", "soon", ""]) {
      const res = await get(`/api/camera_proxy_stream/${CAMERA}?interval=${interval}`, bearer());
      expect([interval, res.status]).toEqual([interval, 400]);
    }
  });
});
