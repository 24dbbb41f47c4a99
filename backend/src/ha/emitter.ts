/** Listener maps such as `HaMirrorEvents`: event name → listener signature. */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

/**
 * A small typed event emitter. A throwing listener is reported to `onListenerError` and never stops
 * the others, so one bad consumer cannot stall the Home Assistant read loop.
 */
export class Emitter<E extends EventMap<E>> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  constructor(private readonly onListenerError: (event: keyof E, error: unknown) => void) {}

  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  has(event: keyof E): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<E[K]>) => void)(...args);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }
}
