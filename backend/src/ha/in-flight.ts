import { HaCommandError } from "./types.js";

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A `result` or `pong` as HA sends it (already known to be an object with a string `type`). */
export interface Answer {
  type: string;
  id?: unknown;
  success?: unknown;
  result?: unknown;
  error?: unknown;
}

/**
 * Commands sent on the current socket and not answered yet, by id (home-assistant-js-websocket's
 * `commands` map), each with its own timeout so no caller waits forever on a silent HA.
 */
export class InFlightCommands {
  private readonly pending = new Map<number, Pending>();

  get size(): number {
    return this.pending.size;
  }

  /** Settles with HA's answer to command `id`, or rejects on timeout or `rejectAll`. */
  add(id: number, type: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new HaCommandError("timeout", `Home Assistant did not answer ${type} within ${timeoutMs} ms.`),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  /** Settles the command this answer is for; false when no such command is in flight. */
  settle(answer: Answer): boolean {
    const id = typeof answer.id === "number" ? answer.id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || pending === undefined) return false;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (answer.type === "pong" || answer.success === true) {
      pending.resolve(answer.result);
      return true;
    }
    const error = (typeof answer.error === "object" && answer.error !== null ? answer.error : {}) as {
      code?: unknown;
      message?: unknown;
    };
    pending.reject(
      new HaCommandError(
        typeof error.code === "string" ? error.code : "unknown_error",
        typeof error.message === "string" ? error.message : "Home Assistant reported an error.",
      ),
    );
    return true;
  }

  rejectAll(error: HaCommandError): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}
