import type { z } from "zod";
import { HttpError } from "./errors.js";

/** Parses input with a contract schema; a mismatch is a 400 naming every problem. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = "request body",
): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 10)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  throw new HttpError(400, "invalid_request", `Invalid ${what}: ${problems.join("; ")}`);
}
