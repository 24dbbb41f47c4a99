import { CameraRefused } from "./errors.js";

/**
 * The query parameters HA's camera views read, checked before anything is asked of HA and
 * rebuilt from the checked values: only these reach HA, never the device's `token` or anything
 * else it appended.
 *
 * HA turns `width`/`height` into Python ints and answers a failure with a 500
 * (`CameraImageView.handle`), and `interval` into a float of at least `MIN_STREAM_INTERVAL`
 * (0.5 s) or a 400 (`CameraMjpegStream.handle`). HAsync answers every malformed value with a 400:
 * bad input is the client's error, not the server's.
 */

/** Express's parsed query (the app's "simple" parser gives a string, or an array when repeated). */
type Query = Record<string, unknown>;

/** Far beyond any camera; a bigger number is not a size. */
const MAX_DIMENSION = 10_000;
const DIMENSION = /^[1-9]\d{0,4}$/;
/** HA's `MIN_STREAM_INTERVAL`; an hour between frames is the most a stream could mean. */
const MIN_INTERVAL = 0.5;
const MAX_INTERVAL = 3600;
const DECIMAL = /^\d{1,4}(\.\d{1,6})?$/;

/** One value of a parameter; absent and empty are alike (HA: `int(width) if width else None`). */
function single(query: Query, name: string): string | null {
  const value = query[name];
  if (value === undefined || value === "") return null;
  if (typeof value !== "string") throw new CameraRefused(400);
  return value;
}

function dimension(query: Query, name: string): string | null {
  const value = single(query, name);
  if (value === null) return null;
  if (!DIMENSION.test(value) || Number(value) > MAX_DIMENSION) throw new CameraRefused(400);
  return value;
}

function encode(parameters: ReadonlyArray<readonly [string, string | null]>): string {
  const present = parameters.filter((pair): pair is readonly [string, string] => pair[1] !== null);
  return present.length === 0
    ? ""
    : `?${new URLSearchParams(present.map(([k, v]): [string, string] => [k, v])).toString()}`;
}

/** `?width=&height=` for `/api/camera_proxy/<id>`, or "". */
export function imageQuery(query: Query): string {
  return encode([
    ["width", dimension(query, "width")],
    ["height", dimension(query, "height")],
  ]);
}

/** `?interval=` for `/api/camera_proxy_stream/<id>`, or "" for the camera's own MJPEG stream. */
export function streamQuery(query: Query): string {
  // HA reads `?interval=` as a float too, and "" is not one.
  if (query.interval === "") throw new CameraRefused(400);
  const value = single(query, "interval");
  if (value === null) return "";
  const seconds = Number(value);
  if (!DECIMAL.test(value) || seconds < MIN_INTERVAL || seconds > MAX_INTERVAL) throw new CameraRefused(400);
  return encode([["interval", String(seconds)]]);
}
