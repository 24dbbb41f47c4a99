import { z } from "zod";

/**
 * Every HAsync error response has this shape: a stable machine `code` and a human `message`.
 * Some errors add fields (for example `retry_after_s` on `too_many_attempts`).
 */
export const ErrorEnvelopeSchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    retry_after_s: z.number().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** The machine codes the HAsync API uses in `error.code`. */
export const ERROR_CODES = [
  "invalid_json",
  "invalid_request",
  "unsupported_media_type",
  "payload_too_large",
  "not_found",
  "method_not_allowed",
  "unauthorized",
  "forbidden",
  "invalid_credentials",
  "password_login_disabled",
  "too_many_attempts",
  "conflict",
  "unavailable",
  "internal_error",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
