import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { ScopeSchema } from "../pairing.js";

/**
 * Where the CLI keeps a paired device's token: a JSON file readable only by its owner. Named
 * `device.json`, never `config.json`: Home Assistant's Supervisor takes any `config.json` it finds
 * in an add-on repository for another add-on.
 */
export const DeviceFileSchema = z.object({
  base_url: z.string(),
  device_id: z.string(),
  name: z.string(),
  access_token: z.string().min(1),
  scope: ScopeSchema,
  paired_at: z.string(),
});
export type DeviceFile = z.infer<typeof DeviceFileSchema>;

export class DeviceFileError extends Error {
  override readonly name = "DeviceFileError";
}

/** `$XDG_CONFIG_HOME/hasync/device.json`, else `~/.config/hasync/device.json`. */
export function defaultDeviceFile(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  const configHome = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, ".config");
  return path.join(configHome, "hasync", "device.json");
}

/** Checks before pairing that the token can be saved at `file`: it is shown only once. */
export function prepareDeviceFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new DeviceFileError(`cannot save the device token in ${dir}: ${reasonOf(error)}`);
  }
  if (fs.existsSync(file) && !fs.statSync(file).isFile()) {
    throw new DeviceFileError(`cannot save the device token to ${file}: not a file`);
  }
}

/**
 * Writes the file atomically with mode 0600 from the start (a temp file created 0600, then
 * renamed), so the token is never readable by others, not even for a moment.
 */
export function saveDeviceFile(file: string, device: DeviceFile): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.rmSync(tmp, { force: true });
    fs.writeFileSync(tmp, `${JSON.stringify(device, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    fs.renameSync(tmp, file);
    fs.chmodSync(file, 0o600);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw new DeviceFileError(`cannot save the device token to ${file}: ${reasonOf(error)}`);
  }
}

export function loadDeviceFile(file: string): DeviceFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DeviceFileError(`no paired device in ${file}: run "hasync pair <url> --name <name>" first`);
    }
    throw new DeviceFileError(`cannot read ${file}: ${reasonOf(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DeviceFileError(`${file} is not valid JSON`);
  }
  const parsed = DeviceFileSchema.safeParse(json);
  if (!parsed.success) throw new DeviceFileError(`${file} is not a HAsync device file`);
  return parsed.data;
}

/** True when others than the owner may read the file (POSIX only; Windows has no such bits). */
export function readableByOthers(file: string): boolean {
  return process.platform !== "win32" && (fs.statSync(file).mode & 0o077) !== 0;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR" || code === "EISDIR") return "not a file path";
  return error instanceof Error ? error.message : String(error);
}
