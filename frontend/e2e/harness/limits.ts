/**
 * How long the harness waits for something that is bound to happen: an element to render, a push
 * event, a poll to come true, a device's first states. These bound hangs, they measure nothing,
 * so they are generous: the suite runs on 2-core machines shared with other test runs, where a
 * step that takes 50 ms when idle can take seconds. A passing run never waits for them.
 */
export const WAIT_MS = 30_000;

/** Starting the backend process: Node, the module graph and SQLite, on a loaded machine. */
export const START_MS = 60_000;
