import type { ErrorRequestHandler, RequestHandler } from "express";
import type { ErrorCode, ErrorEnvelope, ScreenErrorCode, TokenErrorCode } from "hasync";
import type { Logger } from "../log/logger.js";

/** Thrown by handlers; the error middleware turns it into the error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** The screen API also answers in its own and RFC 8628's words (hasync/src/screen.ts, pairing.ts). */
    readonly code: ErrorCode | ScreenErrorCode | TokenErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new HttpError(400, "invalid_request", message, extra);
export const notFound = (message = "Not found") => new HttpError(404, "not_found", message);

/** Errors raised by body-parser (express.json) carry `type` and `status`. */
interface BodyParserError {
  type: string;
  status: number;
}
function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { type?: unknown }).type === "string" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

function fromBodyParser(error: BodyParserError): HttpError {
  switch (error.type) {
    case "entity.parse.failed":
      return new HttpError(400, "invalid_json", "The request body is not valid JSON.");
    case "entity.too.large":
      return new HttpError(413, "payload_too_large", "The request body is too large.");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new HttpError(415, "unsupported_media_type", "Unsupported body encoding or charset.");
    default:
      return new HttpError(
        error.status >= 400 && error.status < 500 ? error.status : 400,
        "invalid_request",
        "The request body could not be read.",
      );
  }
}

/** Errors from Express's own middleware (e.g. serve-static's 404) carry a client status. */
function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isBodyParserError(error)) return fromBodyParser(error);
  const status = clientStatusOf(error);
  if (status === 404) return notFound();
  if (status !== undefined) return new HttpError(status, "invalid_request", "The request was not accepted.");
  return new HttpError(500, "internal_error", "Something went wrong on the server.");
}

export function sendError(res: Parameters<RequestHandler>[1], error: HttpError): void {
  const body: ErrorEnvelope = { error: { code: error.code, message: error.message, ...error.extra } };
  res.status(error.status).json(body);
}

/** The one place thrown errors become responses. Never leaks a stack trace. */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const httpError = toHttpError(error);
    if (httpError.status >= 500) {
      log.error("request failed", {
        method: req.method,
        path: req.path,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, httpError);
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not_found", `No such endpoint: ${req.method} ${req.path}`));
};
