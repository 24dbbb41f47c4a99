import type { Confirmation, ConfirmationOutcome } from "hasync";
import { type ConfirmAsk, ServiceCallDeclined } from "../gateway/service-calls.js";

/** How a held call ended, and who ended it (an admin's name, a notify service, or nobody). */
export interface Settlement {
  outcome: ConfirmationOutcome;
  by: string | null;
  /** What the waiting device is told when the call does not go ahead. */
  message: string;
}

/**
 * One call waiting for the admin, in memory only: the caller's promise, its deadline timer and
 * its caller's abort signal. It settles exactly once, whichever comes first (a decision, the
 * deadline, the caller leaving, the device's access ending); later attempts are no-ops.
 */
export class HeldCall {
  /** The answer `confirm()` gives the gateway: resolves on allow, rejects otherwise. */
  readonly decided: Promise<(() => void) | undefined>;
  /** Resolves once HA has answered the forwarded call, or at once when it was not allowed. */
  readonly answered: Promise<void>;
  /** The notify service the admin's phone is asked through (settings at the time of asking), or null. */
  phone: string | null = null;
  /** Set once settled. */
  settlement: Settlement | null = null;
  private resolveDecided!: (answered: () => void) => void;
  private rejectDecided!: (error: Error) => void;
  private resolveAnswered!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private offSignal: (() => void) | undefined;

  constructor(
    readonly confirmation: Confirmation,
    readonly ask: ConfirmAsk,
    /** "Unlocking Front Door": the subject of the device's answer. */
    readonly action: string,
    /** Carried by the phone's action ids; the confirmation id is never sent to the phone. */
    readonly nonce: string,
  ) {
    this.decided = new Promise((resolve, reject) => {
      this.resolveDecided = resolve;
      this.rejectDecided = reject;
    });
    this.answered = new Promise((resolve) => {
      this.resolveAnswered = resolve;
    });
  }

  get id(): string {
    return this.confirmation.id;
  }

  /** Starts the deadline and follows the caller's signal; each ends the call through `onEnd`. */
  watch(
    deadlineMs: number,
    signal: AbortSignal | undefined,
    onEnd: (why: "deadline" | "left") => void,
  ): void {
    this.timer = setTimeout(() => onEnd("deadline"), deadlineMs);
    if (signal === undefined) return;
    const left = () => onEnd("left");
    signal.addEventListener("abort", left, { once: true });
    this.offSignal = () => signal.removeEventListener("abort", left);
  }

  /** Ends the call once; false when it had already ended. */
  settle(settlement: Settlement): boolean {
    if (this.settlement !== null) return false;
    this.settlement = settlement;
    clearTimeout(this.timer);
    this.offSignal?.();
    if (settlement.outcome === "allowed") {
      this.resolveDecided(() => this.resolveAnswered());
    } else {
      this.rejectDecided(new ServiceCallDeclined(settlement.message));
      this.resolveAnswered();
    }
    return true;
  }
}
