import type {
  ScreenAuthorize,
  ScreenAuthorizeGrant,
  ScreenAuthorizeInfo,
  ScreenPairing,
  ScreenPairingRequest,
} from "hasync";
import { request } from "../../api/client.js";

/**
 * The screen API as the authorize page uses it. Only the pairing cookie (the request's device
 * code) travels with these calls: the page never reads a screen session, and approval answers a
 * code for the client instead of setting one.
 */
export const authorizeApi = {
  client: (client: ScreenAuthorize) =>
    request<ScreenAuthorizeInfo>(
      "GET",
      `screen/authorize?client_id=${encodeURIComponent(client.client_id)}&redirect_uri=${encodeURIComponent(client.redirect_uri)}`,
    ),
  pair: (body: ScreenPairingRequest & { authorize: ScreenAuthorize }) =>
    request<ScreenPairing>("POST", "screen/pairing", body),
  collect: () => request<ScreenAuthorizeGrant>("POST", "screen/pairing/collect", {}),
  cancel: () => request<void>("DELETE", "screen/pairing", {}),
};
