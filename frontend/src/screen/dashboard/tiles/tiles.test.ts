import { ERR_CONNECTION_LOST } from "home-assistant-js-websocket";
import { describe, expect, it } from "vitest";
import { CAMERA_REFRESH_MS, snapshotUrl } from "./CameraImage.js";
import { callErrorMessage } from "./useServiceCall.js";

describe("camera snapshots (hui-image.ts)", () => {
  it("refresh every 10 s, each refresh a new URL on the signed picture", () => {
    expect(CAMERA_REFRESH_MS).toBe(10_000);
    const picture = "/api/camera_proxy/camera.door?token=sig";
    expect(snapshotUrl(picture, 0)).toBe(picture);
    expect(snapshotUrl(picture, 3)).toBe(`${picture}&_=3`);
    expect(snapshotUrl("/picture.jpg", 1)).toBe("/picture.jpg?_=1");
  });
});

describe("a refused call's words on the tile", () => {
  it("are HAsync's or HA's own message", () => {
    const refusal = {
      code: "home_assistant_error",
      message: "This pass is read-only outside its hours; it opens again Tue 09:00.",
    };
    expect(callErrorMessage(refusal)).toBe(refusal.message);
  });
  it("are HA's words when the household's admin declined a held call, or it timed out", () => {
    const declined = { code: "home_assistant_error", message: "The household's admin declined this." };
    expect(callErrorMessage(declined)).toBe(declined.message);
  });
  it("turn HAsync's bare Unauthorized (a call outside the scope) into what it means here", () => {
    expect(callErrorMessage({ code: "unauthorized", message: "Unauthorized" })).toBe(
      "This screen is not allowed to do that. Nothing was sent to Home Assistant.",
    );
  });
  it("say so when the connection dropped mid-call, or that HA did not carry it out", () => {
    expect(callErrorMessage(ERR_CONNECTION_LOST)).toMatch(/connection was lost/);
    expect(callErrorMessage(undefined)).toBe("Home Assistant did not carry this out.");
  });
});
