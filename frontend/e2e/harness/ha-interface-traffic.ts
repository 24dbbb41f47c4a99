import type { BrowserContext, Page, WebSocket } from "playwright-core";

/** One WebSocket command the interface sent, with the answer it got (if any yet). */
export interface WsCall {
  id: number;
  type: string;
  /** The message as sent, minus `id` and `type`. */
  payload: Record<string, unknown>;
  /** The `result` message: `success` and either `result` or `error`. */
  answer?: { success: boolean; result?: unknown; error?: { code: string; message: string } };
  /** Events received for a subscription. */
  events: number;
}

export interface HttpCall {
  method: string;
  url: string;
  status: number;
}

/**
 * Everything HA's interface said to HAsync and heard back, as the browser saw it: every
 * WebSocket command by id with its result, every HTTP response, and every attempt to reach a host
 * other than 127.0.0.1 (aborted: the tests never leave the machine).
 */
export class InterfaceTraffic {
  readonly ws: WsCall[] = [];
  readonly http: HttpCall[] = [];
  readonly external: string[] = [];
  /** Uncaught errors and unhandled rejections in the page (HA's interface reports its own failures). */
  readonly pageErrors: string[] = [];
  /** Commands still waiting on a socket that has since closed (a reload or a revoke cut them). */
  private readonly cut = new Set<WsCall>();

  /** Starts recording `page` and keeps `context` off the internet. */
  static async attach(page: Page, context: BrowserContext): Promise<InterfaceTraffic> {
    const traffic = new InterfaceTraffic();
    await context.route(
      (url) => url.hostname !== "127.0.0.1",
      async (route) => {
        traffic.external.push(`${route.request().method()} ${route.request().url()}`);
        await route.abort("internetdisconnected");
      },
    );
    page.on("websocket", (socket) => traffic.watchSocket(socket));
    page.on("pageerror", (error) => traffic.pageErrors.push(error.stack ?? String(error)));
    // A new document ends the old one's sockets, whose close Chromium may not report: what was
    // still waiting then was cut by the test's navigation, not left unanswered by HAsync.
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) traffic.cutPending();
    });
    page.on("response", (response) => {
      traffic.http.push({
        method: response.request().method(),
        url: response.url(),
        status: response.status(),
      });
    });
    return traffic;
  }

  /** Commands of `type` sent so far. */
  calls(type: string): WsCall[] {
    return this.ws.filter((c) => c.type === type);
  }

  /** Every answered command that failed, and every HTTP response >= 400. */
  failures(): Array<{ what: string; sent: unknown; answer: unknown }> {
    const ws = this.ws
      .filter((c) => c.answer !== undefined && !c.answer.success)
      .map((c) => ({ what: `ws ${c.type}`, sent: { type: c.type, ...c.payload }, answer: c.answer?.error }));
    const http = this.http
      .filter((h) => h.status >= 400)
      .map((h) => ({ what: `http ${h.method} ${new URL(h.url).pathname}`, sent: h.url, answer: h.status }));
    return [...ws, ...http];
  }

  /**
   * Commands sent on a socket still open that have no answer: HA answers every command, with a
   * `result` (even an error) or, for `ping`, a `pong`.
   */
  unanswered(): WsCall[] {
    return this.ws.filter((c) => c.answer === undefined && c.type !== "auth" && !this.cut.has(c));
  }

  private cutPending(): void {
    for (const call of this.ws) if (call.answer === undefined) this.cut.add(call);
  }

  private watchSocket(socket: WebSocket): void {
    const byId = new Map<number, WsCall>();
    socket.on("close", () => {
      for (const call of byId.values()) if (call.answer === undefined) this.cut.add(call);
    });
    socket.on("framesent", ({ payload }) => {
      for (const msg of messages(payload)) {
        const { id, type, ...rest } = msg;
        if (typeof type !== "string") continue;
        // The auth message carries the token: record that it was sent, never what.
        const payloadOut = type === "auth" ? {} : rest;
        const call: WsCall = { id: typeof id === "number" ? id : -1, type, payload: payloadOut, events: 0 };
        this.ws.push(call);
        if (typeof id === "number") byId.set(id, call);
      }
    });
    socket.on("framereceived", ({ payload }) => {
      for (const msg of messages(payload)) {
        const call = typeof msg.id === "number" ? byId.get(msg.id) : undefined;
        if (!call) continue;
        if (msg.type === "result") {
          call.answer = {
            success: msg.success === true,
            result: msg.result,
            error: msg.error as WsCall["answer"] extends { error?: infer E } ? E : never,
          };
        } else if (msg.type === "pong") {
          call.answer = { success: true };
        } else if (msg.type === "event") {
          call.events += 1;
        }
      }
    });
  }
}

/** HA coalesces messages into a JSON array once the client asked for it (`supported_features`). */
function messages(payload: string | Buffer): Array<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(payload.toString());
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((m): m is Record<string, unknown> => typeof m === "object" && m !== null);
  } catch {
    return [];
  }
}
