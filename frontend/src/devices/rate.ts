import { DEFAULT_SERVICE_RATE, type ServiceRate, ServiceRateSchema } from "hasync";

/** "Default (600 a minute)", or a device's own "120 a minute, 10 at once". */
export function rateInWords(rate: ServiceRate | null): string {
  if (rate === null) return `Default (${DEFAULT_SERVICE_RATE.per_minute.toLocaleString("en")} a minute)`;
  return `${rate.per_minute.toLocaleString("en")} a minute, ${rate.burst} at once`;
}

export interface RateDraft {
  per_minute: string;
  burst: string;
}

export const draftOf = (rate: ServiceRate | null): RateDraft => {
  const r = rate ?? DEFAULT_SERVICE_RATE;
  return { per_minute: String(r.per_minute), burst: String(r.burst) };
};

/** The rate typed, checked as the server will (whole numbers in the contract's bounds). */
export function rateOf(draft: RateDraft): { ok: true; rate: ServiceRate } | { ok: false; problem: string } {
  const parsed = ServiceRateSchema.safeParse({
    per_minute: Number(draft.per_minute),
    burst: Number(draft.burst),
  });
  if (parsed.success && draft.per_minute.trim() !== "" && draft.burst.trim() !== "") {
    return { ok: true, rate: parsed.data };
  }
  return { ok: false, problem: "Calls a minute: a whole number from 1 to 6,000; at once: from 1 to 200." };
}
