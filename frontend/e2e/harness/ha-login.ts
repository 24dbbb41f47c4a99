import type { HaTokenResponse } from "hasync";
import type { Page, Response } from "playwright-core";
import { WAIT_MS } from "./limits.js";

/** What the hajs page knows (`window.__client` in ha-login-client.ts). */
export interface ClientState {
  status: string;
  entities: string[] | null;
  /** hajs's error codes: 2 is ERR_INVALID_AUTH. */
  reconnectError: number | null;
  disconnects: number;
}

/** hajs's `ERR_INVALID_AUTH` (home-assistant-js-websocket `lib/errors.ts`). */
export const ERR_INVALID_AUTH = 2;

export const clientState = (page: Page): Promise<ClientState> =>
  page.evaluate(() => (window as unknown as { __client: ClientState }).__client);

/** The tokens hajs saved (its `saveTokens`, into the page's localStorage). */
export async function savedTokens(page: Page): Promise<HaTokenResponse & { expires: number }> {
  const raw = await page.evaluate(() => localStorage.getItem("hass-tokens"));
  if (raw === null) throw new Error("hajs saved no tokens");
  return JSON.parse(raw) as HaTokenResponse & { expires: number };
}

/** hajs's own view that its access token has run out (`Auth.expired`, on the page's clock). */
export const hajsSeesExpired = (page: Page): Promise<boolean> =>
  page.evaluate(() => (window as unknown as { __auth: { expired: boolean } }).__auth.expired);

/** The next `POST <hassUrl>/auth/token` whose form carries `grant`, as the page sends it. */
export function tokenRequest(page: Page, hassUrl: string, grant: string): Promise<Response> {
  return page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      r.url() === `${hassUrl}/auth/token` &&
      (r.request().postData() ?? "").includes(grant),
  );
}

/**
 * From now on, the access tokens the page's sockets authenticated with (HA's `auth` message)
 * and the answers they got (`auth_ok` / `auth_invalid`), in order.
 */
export function recordSocketAuth(page: Page): { sent: string[]; answers: string[] } {
  const log = { sent: [] as string[], answers: [] as string[] };
  const parse = (payload: string | Buffer): { type?: string; access_token?: string } | null => {
    try {
      return JSON.parse(String(payload)) as { type?: string; access_token?: string };
    } catch {
      return null;
    }
  };
  page.on("websocket", (ws) => {
    ws.on("framesent", ({ payload }) => {
      const m = parse(payload);
      if (m?.type === "auth" && m.access_token !== undefined) log.sent.push(m.access_token);
    });
    ws.on("framereceived", ({ payload }) => {
      const m = parse(payload);
      if (m?.type === "auth_ok" || m?.type === "auth_invalid") log.answers.push(m.type);
    });
  });
  return log;
}

/**
 * HA's WebSocket handshake from the page with `token`: what the server answers to the `auth`
 * message (`auth_ok`, `auth_invalid`), or "closed" when it closes first.
 */
export function socketAnswerTo(page: Page, wsUrl: string, token: string): Promise<string> {
  return page.evaluate(
    ([url, accessToken]) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onmessage = (event) => {
          const message = JSON.parse(String(event.data)) as { type: string };
          if (message.type === "auth_required") {
            ws.send(JSON.stringify({ type: "auth", access_token: accessToken }));
            return;
          }
          resolve(message.type);
          ws.close();
        };
        ws.onclose = () => resolve("closed");
      }),
    [wsUrl, token] as const,
  );
}

/** HA's REST API with a bearer token (`GET /api/`, HA's "API running."): the status it answers. */
export async function restStatusWith(hassUrl: string, token: string): Promise<number> {
  const res = await fetch(`${hassUrl}/api/`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(WAIT_MS),
  });
  await res.body?.cancel();
  return res.status;
}

/**
 * `POST /auth/token grant_type=refresh_token` as hajs sends it (a form with its client_id, from
 * its origin): HA's status and body.
 */
export async function refreshFromNode(
  hassUrl: string,
  clientId: string,
  refreshToken: string,
): Promise<{ status: number; body: unknown }> {
  const body = new FormData();
  body.append("client_id", clientId);
  body.append("grant_type", "refresh_token");
  body.append("refresh_token", refreshToken);
  const res = await fetch(`${hassUrl}/auth/token`, {
    method: "POST",
    body,
    headers: { Origin: new URL(clientId).origin },
    signal: AbortSignal.timeout(WAIT_MS),
  });
  return { status: res.status, body: await res.json() };
}
