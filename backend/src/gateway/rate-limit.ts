import type { ServiceRate } from "hasync";

/** How many service calls one device may make: `burst` at once, refilled at `perSecond`. */
export interface ServiceCallRate {
  readonly burst: number;
  readonly perSecond: number;
}

/**
 * 20 at once, then 10 a second. A person tapping tiles manages 3 to 5 taps a second, and HA's own
 * frontend sends a slider's value when it is let go, not per pixel; scripts that switch a whole
 * floor send one call with a list of entity ids, which counts once. So only a runaway loop or an
 * attacker meets this, and HA never sees more than 10 calls a second from one device (issue 11
 * saw 4,700). The admin may set a device's own (`serviceCallRate`, issue 15).
 */
export const DEFAULT_SERVICE_CALL_RATE: ServiceCallRate = { burst: 20, perSecond: 10 };

/** A device's own rate as the admin set it (per minute), or the default, as the limiter counts it. */
export function serviceCallRate(rate: ServiceRate | null): ServiceCallRate {
  return rate === null ? DEFAULT_SERVICE_CALL_RATE : { burst: rate.burst, perSecond: rate.per_minute / 60 };
}

/** `refused-first` opens a throttled stretch (audit it); later refusals of the stretch are `refused`. */
export type RateDecision = "allowed" | "refused-first" | "refused";

export interface ServiceCallLimiterOptions {
  now: () => number;
  /** The rate for a device; read on every call, so a changed setting applies at once. */
  rateOf?: (deviceId: string) => ServiceCallRate;
}

interface Bucket {
  tokens: number;
  at: number;
  throttled: boolean;
}

/** One token bucket per device, shared by the WebSocket and the REST API. */
export class ServiceCallLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rateOf: (deviceId: string) => ServiceCallRate;

  constructor(private readonly options: ServiceCallLimiterOptions) {
    this.rateOf = options.rateOf ?? (() => DEFAULT_SERVICE_CALL_RATE);
  }

  /** Takes one call from the device's bucket. */
  take(deviceId: string): RateDecision {
    const { burst, perSecond } = this.rateOf(deviceId);
    const now = this.options.now();
    const bucket = this.buckets.get(deviceId) ?? { tokens: burst, at: now, throttled: false };
    this.buckets.set(deviceId, bucket);
    const refill = (Math.max(0, now - bucket.at) / 1000) * perSecond;
    bucket.tokens = Math.min(burst, bucket.tokens + refill);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.throttled = false;
      return "allowed";
    }
    if (bucket.throttled) return "refused";
    bucket.throttled = true;
    return "refused-first";
  }

  /** Whole seconds until the device's next call would be allowed (for REST's Retry-After). */
  retryAfterSeconds(deviceId: string): number {
    const bucket = this.buckets.get(deviceId);
    if (bucket === undefined || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.rateOf(deviceId).perSecond);
  }

  /** A revoked device's bucket goes with it. */
  forget(deviceId: string): void {
    this.buckets.delete(deviceId);
  }
}
