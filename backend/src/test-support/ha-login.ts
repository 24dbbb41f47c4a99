import { type Device, ScreenAuthorizeGrantSchema } from "hasync";
import { expect } from "vitest";
import { adminPost } from "./pairing.js";
import { ScreenBrowser } from "./screen.js";

/** A client of HA's login flow as home-assistant-js-websocket's `getAuth()` is one. */
export interface LoginClient {
  clientId: string;
  redirectUri: string;
}

/** hajs's defaults on a page served from `baseUrl`: client_id is the origin, redirect_uri the page. */
export const pageClient = (baseUrl: string): LoginClient => ({
  clientId: `${baseUrl}/`,
  redirectUri: `${baseUrl}/?auth_callback=1`,
});

/** `POST <path>` with `FormData`, as hajs and HA's frontend send it (multipart/form-data). */
export function postForm(
  baseUrl: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return fetch(`${baseUrl}${path}`, { method: "POST", body: form, headers });
}

/**
 * The authorize page's pairing through the real API: the screen starts pairing with
 * `authorize`, the admin approves (ingress), the screen collects the code.
 */
export async function authorizeThroughPairing(
  baseUrl: string,
  client: LoginClient,
  scope: object,
  name = "Wall tablet",
  /** More of the admin's approval (expires_at, hours). */
  approval: object = {},
): Promise<{ code: string; device: Device; browser: ScreenBrowser }> {
  const browser = new ScreenBrowser(baseUrl);
  const started = await browser.post("/pairing", {
    name,
    authorize: { client_id: client.clientId, redirect_uri: client.redirectUri },
  });
  expect(started.status).toBe(201);
  const { user_code } = (await started.json()) as { user_code: string };
  const approve = await adminPost(baseUrl, "/pairing/approve", { user_code, scope, ...approval });
  expect(approve.status).toBe(201);
  const collected = await browser.post("/pairing/collect");
  expect(collected.status).toBe(200);
  const { code } = ScreenAuthorizeGrantSchema.parse(await collected.json());
  return { code, device: (await approve.json()) as Device, browser };
}

/** Trades a code at `/auth/token` as hajs does. */
export function exchange(baseUrl: string, client: LoginClient, code: string): Promise<Response> {
  return postForm(baseUrl, "/auth/token", {
    client_id: client.clientId,
    code,
    grant_type: "authorization_code",
  });
}
