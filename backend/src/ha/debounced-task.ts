/**
 * Runs `task` once `delayMs` after the last `schedule()`, never two runs at once: a schedule while
 * a run is in flight queues exactly one more run after it. Used for "registry changed → re-fetch".
 * Runs start from a timer, with nobody to await them, so a failing run goes to `onError` and the
 * promise `runNow()` returns never rejects.
 */
export class DebouncedTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow();
    }, this.delayMs);
  }

  /** Runs now (or right after the run in flight); resolves when that run is over. */
  runNow(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.task();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again);
  }
}
