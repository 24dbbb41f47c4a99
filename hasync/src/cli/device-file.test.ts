import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type DeviceFile,
  DeviceFileError,
  defaultDeviceFile,
  loadDeviceFile,
  prepareDeviceFile,
  readableByOthers,
  saveDeviceFile,
} from "./device-file.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hasync-cli-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const device: DeviceFile = {
  base_url: "http://127.0.0.1:8099",
  device_id: "dev_1",
  name: "Kitchen tablet",
  access_token: `hasync_${"a".repeat(43)}`,
  scope: { areas: ["kitchen"], entities: [], exclude: [], access: "read" },
  paired_at: "2026-11-27T12:00:00.000Z",
};

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceFileError);
    return (error as Error).message;
  }
  throw new Error("no error");
};

describe("defaultDeviceFile", () => {
  it("uses an absolute XDG_CONFIG_HOME, else ~/.config, and never config.json", () => {
    expect(defaultDeviceFile({ XDG_CONFIG_HOME: "/x/cfg" }, "/home/me")).toBe("/x/cfg/hasync/device.json");
    expect(defaultDeviceFile({ XDG_CONFIG_HOME: "rel" }, "/home/me")).toBe(
      "/home/me/.config/hasync/device.json",
    );
    expect(defaultDeviceFile({}, "/home/me")).toBe("/home/me/.config/hasync/device.json");
  });
});

describe("saveDeviceFile and loadDeviceFile", () => {
  it.skipIf(process.platform === "win32")(
    "creates the folder 0700 and the file 0600, leaving no temp file",
    () => {
      const file = path.join(dir, "nested", "hasync", "device.json");
      prepareDeviceFile(file);
      saveDeviceFile(file, device);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(path.dirname(file))).toEqual(["device.json"]);
      expect(readableByOthers(file)).toBe(false);
      expect(loadDeviceFile(file)).toEqual(device);
    },
  );

  it.skipIf(process.platform === "win32")("replaces an existing file and tightens a loose one", () => {
    const file = path.join(dir, "device.json");
    fs.writeFileSync(file, "old", { mode: 0o644 });
    expect(readableByOthers(file)).toBe(true);
    saveDeviceFile(file, { ...device, name: "New" });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadDeviceFile(file).name).toBe("New");
  });

  it("explains a missing, broken or foreign file", () => {
    const missing = path.join(dir, "none.json");
    expect(errorOf(() => loadDeviceFile(missing))).toBe(
      `no paired device in ${missing}: run "hasync pair <url> --name <name>" first`,
    );
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{");
    expect(errorOf(() => loadDeviceFile(broken))).toBe(`${broken} is not valid JSON`);
    const foreign = path.join(dir, "other.json");
    fs.writeFileSync(foreign, JSON.stringify({ name: "x" }));
    expect(errorOf(() => loadDeviceFile(foreign))).toBe(`${foreign} is not a HAsync device file`);
  });

  it("refuses before pairing to save where it cannot write a file", () => {
    expect(errorOf(() => prepareDeviceFile(dir))).toMatch(/not a file/);
    const blocker = path.join(dir, "blocker");
    fs.writeFileSync(blocker, "");
    expect(errorOf(() => prepareDeviceFile(path.join(blocker, "device.json")))).toMatch(
      /cannot save the device token in/,
    );
  });
});
