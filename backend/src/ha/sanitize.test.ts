import { describe, expect, it } from "vitest";
import { MAX_DEPTH } from "./prune.js";
import { carriesCredential, sanitizeAttributes } from "./sanitize.js";

/** Issue 11 item 5: credentials stripped by shape, at any depth, with few false positives. */
describe("URLs that carry a credential are left out", () => {
  it("HA's own tokenised proxy URLs: camera, image, media player", () => {
    const attributes = {
      friendly_name: "Driveway",
      entity_picture: "/api/camera_proxy/camera.driveway?token=0a1b2c3d",
      entity_picture_local: "/api/media_player_proxy/media_player.tv?token=0a1b2c3d&cache=9f8e",
      media_image: "/api/image_proxy/image.doorbell?token=0a1b2c3d",
    };
    expect(sanitizeAttributes(attributes)).toEqual({ friendly_name: "Driveway" });
  });

  it("user-info, login parameters, signatures and keys in any URL", () => {
    const leaking = [
      "rtsp://admin:hunter2@10.0.0.5:554/Streaming/Channels/101",
      "rtsp://viewer@cam.local/live",
      "http://10.0.0.5/cgi-bin/CGIProxy.fcgi?cmd=snapPicture2&usr=admin&pwd=hunter2",
      "http://cam.local/snapshot.jpg?user=admin&password=hunter2",
      "https://bucket.example/art.jpg?X-Amz-Credential=AKIA&X-Amz-Signature=abc123",
      "https://cdn.example/a.jpg?sv=2024&sig=abc123",
      "https://maps.example/static?center=1,2&key=AIzaSyA",
      "https://api.example/v1/feed?apikey=abc123",
      "https://app.example/cb#access_token=abc123&state=x",
      "https://api.example/x?Access%5FToken=abc123",
      "https://stream.example/live.m3u8?auth=abc123",
      "http://ha.local:8123/api/webhook/2f1c0a9e7b",
      "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhYmMifQ.c2lnbmF0dXJl",
    ];
    for (const text of leaking) expect(carriesCredential(text), text).toBe(true);
    const harmless = [
      "rtsp://cam.local:554/live",
      "/local/pictures/anna.png",
      "https://i.scdn.co/image/ab67616d0000b273",
      "https://cdn.example/artwork/cover@2x.png",
      "https://medium.example/@anna/post",
      "https://art.example/cover.jpg?size=large&cache=1f2e",
      "/api/media_player_proxy/media_player.tv?cache=9f8e",
      "mailto:anna@example.com",
      "Living Room",
      "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
      "a=b",
    ];
    for (const text of harmless) expect(carriesCredential(text), text).toBe(false);
  });

  it("in lists and nested objects, leaving the rest of them", () => {
    const attributes = {
      streams: ["rtsp://cam.local/sub", "rtsp://u:p@cam.local/main"],
      source: { still_image_url: "http://cam.local/snap.jpg?token=abc123", width: 640 },
    };
    expect(sanitizeAttributes(attributes)).toEqual({
      streams: ["rtsp://cam.local/sub"],
      source: { width: 640 },
    });
  });
});

describe("values under secret names are left out", () => {
  it("at any depth, whatever the spelling", () => {
    const attributes = {
      friendly_name: "Vacuum",
      access_token: "abc",
      refresh_token: "abc",
      X_Api_Key: "abc",
      apiKey: "abc",
      config: {
        host: "vacuum.local",
        client_secret: "abc",
        credentials: { username: "anna", password: "abc" },
        devices: [{ name: "dock", private_key: "-----BEGIN", Authorization: "Basic YWJj", pin: 3 }],
      },
      webhook_id: "2f1c0a9e7b",
      passwd: 1234,
    };
    expect(sanitizeAttributes(attributes)).toEqual({
      friendly_name: "Vacuum",
      config: { host: "vacuum.local", devices: [{ name: "dock", pin: 3 }] },
    });
  });

  it("keeps names that only look alike, and flags that hold no secret", () => {
    const attributes = {
      token_count: 1200,
      max_tokens: 4096,
      token_type: "Bearer",
      code_format: "number",
      author: "Anna",
      key: "C minor",
      sort_key: "b",
      monkey: "yes",
      bypass: true,
      password_required: true,
      access_token: null,
    };
    expect(sanitizeAttributes(attributes)).toBe(attributes);
  });
});

describe("the hot path", () => {
  it("returns the very same objects when there is nothing to strip", () => {
    const nested = { forecast: [{ temperature: 3, condition: "rainy" }], unit: "°C" };
    const attributes = { friendly_name: "Home", nested, entity_picture: "/local/home.png" };
    expect(sanitizeAttributes(attributes)).toBe(attributes);
    const stripped = sanitizeAttributes({ ...attributes, token: "abc" });
    expect(stripped).toEqual(attributes);
    expect(stripped.nested).toBe(nested);
  });

  it("leaves out what is nested too deep to inspect, without running out of stack", () => {
    let deep: Record<string, unknown> = { password: "abc" };
    for (let i = 0; i < 20_000; i++) deep = { next: deep };
    const out = sanitizeAttributes({ friendly_name: "Deep", deep });
    expect(out.friendly_name).toBe("Deep");
    expect(JSON.stringify(out)).not.toContain("abc");
    let shallow: unknown = { ok: 1 };
    for (let i = 0; i < MAX_DEPTH - 2; i++) shallow = { next: shallow };
    const fine = { shallow };
    expect(sanitizeAttributes(fine)).toBe(fine);
  });

  it("keeps a key named __proto__ as data", () => {
    const attributes = JSON.parse('{"__proto__": {"a": 1}, "token": "abc"}') as Record<string, unknown>;
    const out = sanitizeAttributes(attributes);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });
});
