import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Spelled out so no one turns it on: an unhandled rejection or uncaught exception anywhere in
    // a run fails the run (vitest's "Unhandled Errors"), because in production it would be a bug
    // that an input can trigger (issue 11). src/hostile/unhandled.test.ts proves it still does.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
