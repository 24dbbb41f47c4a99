import type { ScreenPairing, ScreenPairingStatus } from "hasync";

/** One Set-Cookie as a browser would keep it. */
export interface StoredCookie {
  value: string;
  attributes: string[];
}

/**
 * A browser on the LAN as far as the screen API cares: it keeps cookies (by name, ignoring paths:
 * every call here is under /api/v1/screen), sends its Origin on writes as a browser does, and
 * reads Server-Sent Events.
 */
export class ScreenBrowser {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(
    readonly baseUrl: string,
    readonly origin: string = baseUrl,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}/api/v1/screen${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        origin: this.origin,
        cookie: this.cookieHeader(),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    this.keep(res);
    return res;
  }

  post(path: string, body: unknown = {}) {
    return this.request("POST", path, body);
  }

  get(path: string) {
    return this.request("GET", path);
  }

  async pair(name = "Hall tablet"): Promise<ScreenPairing> {
    const res = await this.post("/pairing", { name });
    if (res.status !== 201) throw new Error(`pairing answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as ScreenPairing;
  }

  /** Opens the pairing stream; `next()` resolves with each status event, `done` when it ends. */
  async events(): Promise<PairingEvents> {
    const res = await this.get("/pairing/events");
    return new PairingEvents(res);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, c]) => `${name}=${c.value}`).join("; ");
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some((a) => /^expires=Thu, 01 Jan 1970/i.test(a) || /^max-age=0$/i.test(a));
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, attributes });
    }
  }
}

/** The status events of one pairing stream, in order. */
export class PairingEvents {
  private readonly queue: Array<ScreenPairingStatus | "end"> = [];
  private waiting: ((event: ScreenPairingStatus | "end") => void) | undefined;
  readonly text: string[] = [];

  constructor(readonly res: Response) {
    void this.read();
  }

  get status(): number {
    return this.res.status;
  }

  /** The next status, or "end" once the server ended the stream. */
  next(): Promise<ScreenPairingStatus | "end"> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private push(event: ScreenPairingStatus | "end"): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(event);
    else this.queue.push(event);
  }

  private async read(): Promise<void> {
    if (!this.res.body || this.res.status !== 200) {
      this.push("end");
      return;
    }
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of this.res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut !== -1) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          this.text.push(frame);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (/^event: status$/m.test(frame) && data !== undefined) this.push(JSON.parse(data));
          cut = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // The test closed the stream itself.
    }
    this.push("end");
  }
}
