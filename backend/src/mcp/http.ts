import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { JSON_BODY_LIMIT } from "../app.js";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "../http/json-depth.js";

/** The API's own body limit (app.ts), in bytes for the SDK's transport. */
export const JSON_BODY_LIMIT_BYTES = Number.parseInt(JSON_BODY_LIMIT, 10) * 1024;

/** JSON-RPC error codes (JSON-RPC 2.0 §5.1; -32001 is the SDK's "session not found"). */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  serverError: -32000,
  sessionNotFound: -32001,
} as const;

/** An error answered in JSON-RPC's envelope, which MCP clients read, never Express's HTML page. */
export function rpcError(res: Response, status: number, code: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.status(status).type("application/json").json({ jsonrpc: "2.0", error: { code, message }, id: null });
}

/**
 * Missing or unknown token: 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3; the MCP
 * authorization spec asks for the same header), `invalid_token` when one was sent.
 */
export function unauthorized(res: Response, sent: boolean): void {
  res.set(
    "WWW-Authenticate",
    sent ? 'Bearer realm="HAsync", error="invalid_token"' : 'Bearer realm="HAsync"',
  );
  rpcError(res, 401, RPC.serverError, "A paired device's token is required: Authorization: Bearer <token>.");
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerOf(req: Request): string | null {
  const match = /^Bearer +([^\s]+) *$/i.exec(req.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/** JSON bodies as the rest of the API takes them: bounded in size and depth. */
export const readBody: RequestHandler[] = [
  express.json({ limit: JSON_BODY_LIMIT, strict: true }),
  (req, res, next) => {
    if (nestedDeeperThan(req.body, MAX_JSON_DEPTH))
      return rpcError(
        res,
        400,
        RPC.invalidRequest,
        `The message is nested more than ${MAX_JSON_DEPTH} levels deep.`,
      );
    next();
  },
];

/** body-parser's failures in JSON-RPC's words; anything else is logged by the app's handler. */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: unknown }).type;
  if (type === "entity.too.large")
    return rpcError(res, 413, RPC.invalidRequest, `The message is larger than ${JSON_BODY_LIMIT}.`);
  if (type === "entity.parse.failed")
    return rpcError(res, 400, RPC.parseError, "Parse error: the body is not JSON.");
  if (typeof type === "string") return rpcError(res, 400, RPC.invalidRequest, "The body could not be read.");
  next(error);
};
