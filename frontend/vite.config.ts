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
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
