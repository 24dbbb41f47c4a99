import { z } from "zod";

/** States a single health check reports. */
export const CheckStatusSchema = z.enum(["ok", "error"]);

/** `GET /health`: always 200 while the process serves HTTP; details per subsystem in `checks`. */
export const HealthResponseSchema = z.object({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: z.number().int().nonnegative(),
  checks: z.looseObject({
    database: CheckStatusSchema,
  }),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
