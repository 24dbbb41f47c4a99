import type { Device, DeviceCodeResponse, Scope, TokenResponse } from "hasync";
import { expect } from "vitest";

/** The error `promise` rejects with, checked to be a `type`; fails the test if it resolves. */
export async function rejectionOf<T>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

/** Headers that make a request an admin's, via ingress, on a server with HASYNC_INGRESS_PEER=127.0.0.1. */
export const INGRESS_ADMIN = {
  "x-ingress-path": "/api/hassio_ingress/test-token",
  "x-remote-user-id": "u-admin",
  "x-remote-user-name": "admin",
};

/** A request to `/api/v1/admin<path>` as the ingress admin, with a JSON content type. */
export function adminFetch(baseUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/admin${path}`, {
    ...init,
    headers: {
      ...INGRESS_ADMIN,
      "content-type": "application/json",
      ...(init.headers as Record<string, string>),
    },
  });
}

export function adminPost(baseUrl: string, path: string, body: unknown): Promise<Response> {
  return adminFetch(baseUrl, path, { method: "POST", body: JSON.stringify(body) });
}

export async function requestCodes(baseUrl: string, name = "Kitchen tablet"): Promise<DeviceCodeResponse> {
  const res = await fetch(`${baseUrl}/api/v1/pairing/device-code`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, type: "tablet" }),
  });
  if (res.status !== 200) throw new Error(`device-code answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as DeviceCodeResponse;
}

export async function pollToken(baseUrl: string, deviceCode: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/pairing/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ device_code: deviceCode }),
  });
}

/**
 * Pairs a device through the real API (request → admin approve via ingress → collect) and
 * returns its token. The server must trust 127.0.0.1 as the ingress peer.
 */
export async function pairDevice(
  baseUrl: string,
  scope: Partial<Scope>,
  name = "Test device",
): Promise<{ token: string; device: Device }> {
  const codes = await requestCodes(baseUrl, name);
  const approve = await adminPost(baseUrl, "/pairing/approve", { user_code: codes.user_code, scope });
  if (approve.status !== 201) throw new Error(`approve answered ${approve.status}: ${await approve.text()}`);
  const device = (await approve.json()) as Device;
  const res = await pollToken(baseUrl, codes.device_code);
  if (res.status !== 200) throw new Error(`token answered ${res.status}: ${await res.text()}`);
  const { access_token } = (await res.json()) as TokenResponse;
  return { token: access_token, device };
}
