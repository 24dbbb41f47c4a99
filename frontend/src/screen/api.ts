import type {
  InviteAcceptRequest,
  ScreenPairing,
  ScreenPairingRequest,
  ScreenSession,
  ScreenTicket,
} from "hasync";
import { request } from "../api/client.js";
import { apiUrl } from "../api/urls.js";

/**
 * The screen API (`api/v1/screen/*`), relative to the document base like every URL of the UI.
 * The device credential is an HttpOnly cookie this code never sees; these calls only carry it.
 */
export const screenApi = {
  session: () => request<ScreenSession>("GET", "screen/session"),
  pair: (body: ScreenPairingRequest) => request<ScreenPairing>("POST", "screen/pairing", body),
  collect: () => request<ScreenSession>("POST", "screen/pairing/collect", {}),
  cancelPairing: () => request<void>("DELETE", "screen/pairing", {}),
  ticket: () => request<ScreenTicket>("POST", "screen/ticket", {}),
  acceptInvite: (body: InviteAcceptRequest) => request<ScreenSession>("POST", "screen/invite", body),
  signOut: () => request<void>("POST", "screen/signout", {}),
};

/** Server-sent events with the admin's decision on this screen's pairing code. */
export const PAIRING_EVENTS_URL = apiUrl("screen/pairing/events");

/** HA's WebSocket API on HAsync, relative to the document base, as ws:// or wss://. */
export function websocketUrl(baseUri: string): string {
  const url = new URL("api/websocket", baseUri);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.hash = "";
  url.search = "";
  return url.toString();
}
