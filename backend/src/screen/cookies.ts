import type { IncomingMessage } from "node:http";
import type { CookieOptions, Request, Response } from "express";
import { readCookie } from "../auth/admin-auth.js";

/** The screen's device token (HttpOnly: the page never sees it; see DOCS "How a screen keeps its session"). */
export const SCREEN_COOKIE = "hasync_screen";
/** The RFC 8628 device code of a screen that is pairing, so the page holds nothing that mints a token. */
export const SCREEN_PAIRING_COOKIE = "hasync_screen_pairing";

export const SCREEN_COOKIE_PATH = "/api/v1/screen";
export const SCREEN_PAIRING_COOKIE_PATH = "/api/v1/screen/pairing";

/** Browsers cap a cookie's lifetime at 400 days (RFC 6265bis §5.5); asking for more is pointless. */
export const SCREEN_COOKIE_MAX_AGE_MS = 400 * 24 * 3600 * 1000;
/**
 * A browser drops a cookie at its Max-Age, and a screen without its cookie can only offer "Pair
 * this screen". Kept this long past the pass's end, the cookie lets the screen say "This pass has
 * ended" instead; the token in it is refused (`pass_ended`) from the end on, so it opens nothing.
 */
export const PASS_ENDED_GRACE_MS = 7 * 24 * 3600 * 1000;
/** The device code lives as long as the pairing request (PairingService EXPIRES_IN_S). */
export const SCREEN_PAIRING_COOKIE_MAX_AGE_MS = 600 * 1000;

/** Device tokens, device codes and invite secrets are base64url behind an optional prefix; nothing longer. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{1,128}$/;

const flags = (req: Request, path: string): CookieOptions => ({
  httpOnly: true,
  sameSite: "strict",
  // A cookie set over TLS must never travel over plain HTTP; on plain HTTP `Secure` would drop it.
  secure: req.secure,
  path,
});

/**
 * One cookie's value, or undefined when it is missing or not a value HAsync could have set (too
 * long, other characters): such a value is never hashed or looked up. Reads the header the way
 * admin sessions do (auth/admin-auth.ts `readCookie`).
 */
export function readNamedCookie(req: IncomingMessage, name: string): string | undefined {
  const value = readCookie(req, name);
  return value !== undefined && COOKIE_VALUE.test(value) ? value : undefined;
}

export const readScreenCookie = (req: IncomingMessage): string | undefined =>
  readNamedCookie(req, SCREEN_COOKIE);
export const readScreenPairingCookie = (req: IncomingMessage): string | undefined =>
  readNamedCookie(req, SCREEN_PAIRING_COOKIE);

/**
 * Sets the screen's session cookie. It lasts until a week after the pass expires (`expiresAt`, ms)
 * or 400 days, whichever is first; a device without an expiry gets the 400 days and is re-set on
 * each session read.
 */
export function setScreenCookie(
  req: Request,
  res: Response,
  token: string,
  expiresAt: number | null,
  now: number,
): void {
  const untilExpiry =
    expiresAt === null ? SCREEN_COOKIE_MAX_AGE_MS : Math.max(0, expiresAt - now) + PASS_ENDED_GRACE_MS;
  res.cookie(SCREEN_COOKIE, token, {
    ...flags(req, SCREEN_COOKIE_PATH),
    maxAge: Math.min(SCREEN_COOKIE_MAX_AGE_MS, untilExpiry),
  });
}

export function clearScreenCookie(req: Request, res: Response): void {
  res.clearCookie(SCREEN_COOKIE, flags(req, SCREEN_COOKIE_PATH));
}

export function setScreenPairingCookie(req: Request, res: Response, deviceCode: string): void {
  res.cookie(SCREEN_PAIRING_COOKIE, deviceCode, {
    ...flags(req, SCREEN_PAIRING_COOKIE_PATH),
    maxAge: SCREEN_PAIRING_COOKIE_MAX_AGE_MS,
  });
}

export function clearScreenPairingCookie(req: Request, res: Response): void {
  res.clearCookie(SCREEN_PAIRING_COOKIE, flags(req, SCREEN_PAIRING_COOKIE_PATH));
}
