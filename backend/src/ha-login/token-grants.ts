import type { HaTokenResponse } from "hasync";
import { clipText } from "../audit/clip.js";
import type { DeviceRecord } from "../devices/types.js";
import { verifyClientId } from "./indieauth.js";
import type { HaLogin } from "./service.js";

/** An `/auth/token` answer other than 200, in HA's OAuth error shape. */
export class TokenEndpointError extends Error {
  constructor(
    readonly status: 400 | 403 | 429,
    readonly body: { error: string; error_description?: string },
    readonly retryAfterS?: number,
  ) {
    super(body.error);
  }
}

type Form = ReadonlyMap<string, string>;

/** HA's `access_denied` for a user that is not active (`http/auth.py async_user_not_allowed_do_auth`). */
const NOT_ACTIVE = "User is not active";
/** The provider HAsync reports (`/auth/providers`), in `ha_auth_provider` as HA reports the credential's. */
export const HASYNC_PROVIDER = "hasync";

const invalid = (description?: string) =>
  new TokenEndpointError(400, {
    error: "invalid_request",
    ...(description === undefined ? {} : { error_description: description }),
  });

/** Refused before anything is looked up while the address is locked out after failed attempts. */
function checkThrottle(login: HaLogin, ip: string): void {
  const wait = login.failures.retryAfterSeconds(`ip:${ip}`);
  if (wait > 0) {
    login.refused(ip, "locked out after failed attempts");
    throw new TokenEndpointError(
      429,
      { error: "invalid_request", error_description: `Too many failed attempts. Try again in ${wait} s.` },
      wait,
    );
  }
}

function failed(login: HaLogin, ip: string, reason: string, error: TokenEndpointError): TokenEndpointError {
  login.failures.fail(`ip:${ip}`);
  login.refused(ip, reason);
  return error;
}

/**
 * `grant_type=authorization_code` (`components/auth/__init__.py TokenView._async_handle_auth_code`):
 * the code becomes the device's token (minted now, so no credential waited in memory) as the
 * refresh token, and a first access token.
 */
export function exchangeCode(login: HaLogin, form: Form, ip: string): HaTokenResponse {
  const clientId = form.get("client_id");
  if (clientId === undefined || !verifyClientId(clientId)) throw invalid("Invalid client id");
  const code = form.get("code");
  if (code === undefined) throw invalid("Invalid code");
  checkThrottle(login, ip);
  const grant = login.codes.take(clientId, code);
  if (grant === null)
    throw failed(login, ip, "unknown, used, expired or another client's code", invalid("Invalid code"));
  const redirectUri = form.get("redirect_uri");
  if (redirectUri !== undefined && redirectUri !== grant.redirectUri) {
    login.o.devices.discardUncollected(grant.deviceId);
    throw failed(login, ip, "redirect_uri differs from the authorization's", invalid("Invalid code"));
  }
  const device = login.o.devices.device(grant.deviceId);
  const token = device === null ? null : login.o.devices.issueToken(grant.deviceId);
  if (device === null || token === null) {
    login.o.devices.discardUncollected(grant.deviceId);
    login.refused(ip, "device not active at the exchange", { device_id: grant.deviceId });
    throw new TokenEndpointError(403, { error: "access_denied", error_description: NOT_ACTIVE });
  }
  login.failures.succeed(`ip:${ip}`);
  const access = login.o.accessTokens.mint(device.id);
  login.o.audit.record("login.token_issued", {
    actor: device.id,
    ip,
    detail: { device_id: device.id, name: device.name, client_id: clipText(clientId) },
  });
  return {
    access_token: access.token,
    token_type: "Bearer",
    refresh_token: token,
    expires_in: access.expiresIn,
    ha_auth_provider: HASYNC_PROVIDER,
  };
}

/**
 * `grant_type=refresh_token` (`TokenView._async_handle_refresh_token`): any device token is a
 * refresh token (long-lived ones from before included); its client must be the device's own
 * (`refresh_token.client_id != client_id`: none for a device paired without HA's login).
 */
export function refreshGrant(login: HaLogin, form: Form, ip: string): HaTokenResponse {
  const clientId = form.get("client_id");
  if (clientId !== undefined && !verifyClientId(clientId)) throw invalid("Invalid client id");
  const token = form.get("refresh_token");
  if (token === undefined) throw invalid();
  checkThrottle(login, ip);
  const found = login.o.devices.bearer(token);
  if (found === null)
    throw failed(login, ip, "unknown refresh token", new TokenEndpointError(400, { error: "invalid_grant" }));
  const { device } = found;
  if ((device.clientId ?? undefined) !== clientId) {
    throw failed(login, ip, "client_id is not the device's", invalid());
  }
  if (!isActive(login, device)) {
    login.refused(ip, "device not active", { device_id: device.id });
    throw new TokenEndpointError(403, { error: "access_denied", error_description: NOT_ACTIVE });
  }
  login.failures.succeed(`ip:${ip}`);
  const access = login.o.accessTokens.mint(device.id);
  return { access_token: access.token, token_type: "Bearer", expires_in: access.expiresIn };
}

/** HA's `is_active`: a pass that expired, or is closed outside its hours, signs nothing in. */
const isActive = (login: HaLogin, device: DeviceRecord): boolean =>
  login.o.devices.device(device.id) !== null;

/**
 * `RevokeTokenView` (and `action=revoke` on `/auth/token`): the refresh token is the device's
 * credential, so revoking it unpairs the device, its access tokens with it. HA answers 200 whatever
 * the token was (RFC 7009 2.2).
 */
export function revokeGrant(login: HaLogin, form: Form, ip: string): DeviceRecord | null {
  const token = form.get("token");
  const found = token === undefined ? null : login.o.devices.bearer(token);
  if (found === null || !login.o.devices.revoke(found.device.id)) return null;
  const { id, name } = found.device;
  login.o.audit.record("login.revoked", {
    actor: id,
    ip,
    detail: { device_id: id, name, by: "its HA login client" },
  });
  return found.device;
}
