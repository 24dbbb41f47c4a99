import http from "node:http";

/**
 * Reads an MJPEG stream as HA writes it (`camera/__init__.py` `async_get_still_stream`: parts
 * `--frameboundary\r\nContent-Type: …\r\nContent-Length: N\r\n\r\n<N bytes>\r\n`) over a raw
 * HTTP request, until `count` frames arrived; then hangs up, as a closed browser tab does.
 */

export interface MjpegRead {
  status: number;
  contentType: string | undefined;
  frames: Buffer[];
}

const PART_HEAD = /^--frameboundary\r\nContent-Type: ([^\r]+)\r\nContent-Length: (\d+)\r\n\r\n/;

/** The complete frames at the start of `buffer`, and how many bytes they took. */
function parseFrames(buffer: Buffer): { frames: Buffer[]; used: number } {
  const frames: Buffer[] = [];
  let used = 0;
  for (;;) {
    const head = PART_HEAD.exec(buffer.subarray(used, used + 200).toString("latin1"));
    if (head === null) return { frames, used };
    const start = used + (head[0]?.length ?? 0);
    const end = start + Number(head[2]);
    if (buffer.length < end + 2) return { frames, used };
    frames.push(buffer.subarray(start, end));
    used = end + 2;
  }
}

export function readMjpeg(url: string, headers: Record<string, string>, count: number): Promise<MjpegRead> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const answer = {
        status: res.statusCode ?? 0,
        contentType: res.headers["content-type"],
        frames: [] as Buffer[],
      };
      if (answer.status !== 200) {
        res.resume();
        res.on("end", () => resolve(answer));
        return;
      }
      let pending = Buffer.alloc(0);
      res.on("data", (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        const { frames, used } = parseFrames(pending);
        pending = pending.subarray(used);
        answer.frames.push(...frames);
        if (answer.frames.length >= count) {
          req.destroy();
          resolve(answer);
        }
      });
      res.on("error", () => undefined);
      res.on("end", () => resolve(answer));
    });
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}
