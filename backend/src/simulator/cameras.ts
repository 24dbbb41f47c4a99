import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sameSecret } from "./connection.js";
import { text } from "./http-answers.js";
import { encodeJpeg } from "./jpeg.js";
import type { HomeStore } from "./store.js";

/**
 * HA's camera views for the demo home (homeassistant/components/camera/__init__.py): a still at
 * `/api/camera_proxy/<id>` (`CameraImageView`), an MJPEG stream at `/api/camera_proxy_stream/<id>`
 * (`CameraMjpegStream`, `async_get_still_stream`), authenticated by a bearer token or by
 * `?token=` with one of the camera's last two access tokens (`CameraView.get`), and the tokens
 * rotated every 5 minutes with a state write (`update_tokens`, `TOKEN_CHANGE_INTERVAL`).
 */

export interface CameraFeedOptions {
  /** `TOKEN_CHANGE_INTERVAL`: default 5 minutes; 0 rotates only on `rotateTokens()`. */
  rotationMs?: number;
  /** Time between MJPEG frames without `?interval`: default HA's `frame_interval` 0.5 s; 0 = as fast as read. */
  frameIntervalMs?: number;
  /** Pads every MJPEG frame to about this many bytes (a camera with big frames, for benchmarks). */
  frameBytes?: number;
}

const ROTATION_MS = 5 * 60_000;
/** HA's `MIN_STREAM_INTERVAL` and the default `frame_interval`, in seconds. */
const MIN_STREAM_INTERVAL = 0.5;
/** The camera's native picture, 16:9 like most. */
const WIDTH = 640;
const HEIGHT = 360;
/** Frames repeat after this many, so a stream's frames are encoded once. */
const FRAME_CYCLE = 20;
/** `CONTENT_TYPE_MULTIPART` with HA's boundary (HA also writes each part as `--frameboundary`). */
const MULTIPART = "multipart/x-mixed-replace; boundary=--frameboundary";

const ROUTE = /^\/api\/(camera_proxy|camera_proxy_stream)\/([^/]+)$/;

/** aiohttp's plain-text error answers. */
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
};

function answer(res: ServerResponse, status: number): void {
  text(res, status, REASONS[status] ?? "");
}

/** Python's `int()` on a query value, which HA calls on width and height (a failure is HA's 500). */
function pythonInt(value: string | null): number | null | "invalid" {
  if (value === null || value === "") return null;
  return /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : "invalid";
}

/** Resolves once the socket took what was written, or went away. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

export class SimulatedCameras {
  /** Per camera, its last two access tokens (HA keeps `deque([], 2)`). */
  private readonly tokens = new Map<string, string[]>();
  private readonly frames = new Map<number, Buffer>();
  private readonly streams = new Set<ServerResponse>();
  private readonly closedListeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: HomeStore,
    private readonly options: CameraFeedOptions = {},
  ) {}

  /** MJPEG streams being written right now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Called whenever a stream ends (the client went away or the server stopped). */
  onStreamClosed(listener: () => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  start(): void {
    const every = this.options.rotationMs ?? ROTATION_MS;
    if (every > 0 && this.timer === undefined) {
      this.timer = setInterval(() => this.rotateTokens(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const res of this.streams) res.destroy();
  }

  /** HA's `update_tokens`: a new token for every camera, written to its state at once. */
  rotateTokens(): void {
    for (const stored of [...this.store.allStates()]) {
      const { entity_id: entityId, state, attributes } = stored.wire;
      if (!entityId.startsWith("camera.") || typeof attributes.access_token !== "string") continue;
      const token = randomBytes(32).toString("hex");
      this.tokens.set(entityId, [...this.tokensOf(entityId), token].slice(-2));
      this.store.setState(entityId, state, {
        ...attributes,
        access_token: token,
        entity_picture: `/api/camera_proxy/${entityId}?token=${token}`,
      });
    }
  }

  /** Answers camera requests; false when `url` is not a camera view. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, haToken: string): boolean {
    const match = ROUTE.exec(url.pathname);
    if (match === null) return false;
    const entityId = decodeURIComponent(match[2] ?? "");
    const camera = this.store.getState(entityId);
    // `CameraView.get`: an unknown camera is a 404 before any authentication.
    if (camera === undefined || !entityId.startsWith("camera.")) {
      answer(res, 404);
      return true;
    }
    const authorization = req.headers.authorization;
    const bearer = sameSecret(authorization ?? "", `Bearer ${haToken}`);
    const token = url.searchParams.get("token");
    if (!bearer && (token === null || !this.tokensOf(entityId).some((t) => sameSecret(token, t)))) {
      answer(res, authorization === undefined ? 403 : 401);
      return true;
    }
    if (match[1] === "camera_proxy") this.still(res, url);
    else this.stream(res, url);
    return true;
  }

  private tokensOf(entityId: string): string[] {
    let tokens = this.tokens.get(entityId);
    if (tokens === undefined) {
      const current = this.store.getState(entityId)?.wire.attributes.access_token;
      tokens = typeof current === "string" ? [current] : [];
      this.tokens.set(entityId, tokens);
    }
    return tokens;
  }

  /** `CameraImageView.handle`; HA scales a JPEG only when both width and height are given. */
  private still(res: ServerResponse, url: URL): void {
    const width = pythonInt(url.searchParams.get("width"));
    const height = pythonInt(url.searchParams.get("height"));
    if (width === "invalid" || height === "invalid") {
      answer(res, 500);
      return;
    }
    const scaled = width !== null && height !== null && width > 0 && height > 0;
    const image = encodeJpeg(
      scaled
        ? { width: Math.min(width, WIDTH), height: Math.min(height, HEIGHT) }
        : { width: WIDTH, height: HEIGHT },
    );
    res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": image.length });
    res.end(image);
  }

  private frame(index: number): Buffer {
    const key = index % FRAME_CYCLE;
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const padToBytes = this.options.frameBytes;
      frame = encodeJpeg({ width: WIDTH, height: HEIGHT, frame: key, ...(padToBytes ? { padToBytes } : {}) });
      this.frames.set(key, frame);
    }
    return frame;
  }

  /** `CameraMjpegStream.handle`: `interval` below 0.5 s or not a number is a 400. */
  private stream(res: ServerResponse, url: URL): void {
    const interval = url.searchParams.get("interval");
    let everyMs = this.options.frameIntervalMs ?? MIN_STREAM_INTERVAL * 1000;
    if (interval !== null) {
      const seconds = Number(interval.trim());
      if (interval.trim() === "" || !Number.isFinite(seconds) || seconds < MIN_STREAM_INTERVAL) {
        answer(res, 400);
        return;
      }
      everyMs = seconds * 1000;
    }
    res.writeHead(200, { "Content-Type": MULTIPART });
    this.streams.add(res);
    res.once("close", () => {
      this.streams.delete(res);
      for (const listener of this.closedListeners) listener();
    });
    this.writeFrames(res, everyMs).catch(() => res.destroy());
  }

  /** Frames until the client goes away, waiting for the socket to drain (no buffering here either). */
  private async writeFrames(res: ServerResponse, everyMs: number): Promise<void> {
    // Chrome shows frame n-1, so HA sends the first frame twice (`async_get_still_stream`).
    for (let index = 0, sent = 0; !res.destroyed; sent++) {
      const image = this.frame(index);
      if (sent > 0) index++;
      const head = `--frameboundary\r\nContent-Type: image/jpeg\r\nContent-Length: ${image.length}\r\n\r\n`;
      res.write(head);
      res.write(image);
      if (!res.write("\r\n")) await drained(res);
      if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
