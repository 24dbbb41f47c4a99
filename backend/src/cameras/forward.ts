import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import type { Response } from "express";
import { HaCommandError, type HaForwarder } from "../ha/types.js";
import { CameraRefused, type CameraStatus } from "./errors.js";
import type { Transfer } from "./transfers.js";

/**
 * HA's answer passed on as it arrives: the body piped chunk by chunk (never read whole, so a
 * 10 MB stream costs HAsync a few socket buffers), headers limited to what describes the body.
 * Anything else HA sends (cookies, server details) stays behind.
 */
const PASSED_HEADERS = ["content-type", "content-length", "cache-control"] as const;

/**
 * HA's own statuses that a device may see as they are: the camera is gone (404), off (503), or
 * could not give an image (500, `CameraImageView`) or a stream (502, `CameraMjpegStream`). A
 * 401/403 means HA refused HAsync's own token, which is not the device's business (and a 401
 * would make some clients forget their token): that and anything unexpected is a 502.
 */
const HA_STATUSES: ReadonlySet<CameraStatus> = new Set<CameraStatus>([400, 404, 500, 502, 503]);
const passedOn = (status: number): CameraStatus =>
  HA_STATUSES.has(status as CameraStatus) ? (status as CameraStatus) : 502;

async function ask(ha: HaForwarder, path: string, transfer: Transfer): Promise<globalThis.Response | null> {
  try {
    return await ha.request(path, { signal: transfer.signal });
  } catch (error) {
    if (transfer.signal.aborted) return null;
    if (error instanceof HaCommandError && error.code === "timeout") throw new CameraRefused(504);
    throw new CameraRefused(502);
  }
}

/** Streams HA's answer to `path` to the device; resolves when it ended either way. */
export async function forwardFromHa(
  ha: HaForwarder,
  path: string,
  transfer: Transfer,
  res: Response,
): Promise<void> {
  const answer = await ask(ha, path, transfer);
  // Aborted before HA answered: the device left, or lost the camera while it waited.
  if (answer === null) {
    res.destroy();
    return;
  }
  if (answer.status !== 200) {
    await answer.body?.cancel().catch(() => undefined);
    throw new CameraRefused(passedOn(answer.status));
  }
  res.status(200);
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  // The URL carries its own credential, and HA sets no such policy: a dashboard on another origin
  // may show it in an <img> (helmet's default would be same-origin).
  res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
  if (answer.body === null) {
    res.end();
    return;
  }
  // Either side going away ends both: pipeline destroys the device's response and cancels HA's
  // body, and the transfer's signal aborts HA's request; nothing is left to report.
  await pipeline(Readable.fromWeb(answer.body as ReadableStream<Uint8Array>), res).catch(() => {
    transfer.abort();
  });
}
