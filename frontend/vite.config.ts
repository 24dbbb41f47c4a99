import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = "http://127.0.0.1:8099";

// base './' keeps every built URL relative, so the same build works at / on the LAN port and
// under Home Assistant's ingress prefix (the server pins the document base per request).
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: backend, ws: true },
      "/health": backend,
    },
  },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["src/**/*.test.{ts,tsx}"] } },
      {
        extends: true,
        test: {
          // A real browser against the real built backend and UI (see e2e/harness).
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // Bounds for hangs on a loaded machine, not targets (see e2e/harness/limits.ts).
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
