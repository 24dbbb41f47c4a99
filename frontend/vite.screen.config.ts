import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { mdiChunks } from "./src/screen/dashboard/icons/mdi-chunks";

const backend = "http://127.0.0.1:8099";

/**
 * The device app (`screen.html`: wall tablets, guests' phones), built after the admin UI into the
 * same `dist`. React-style code runs on preact/compat so the first screen stays a few kB, and the
 * target is old wall tablets' browsers. base './' keeps every URL relative, as in the admin build.
 */
export default defineConfig({
  base: "./",
  // The MDI set as lazily fetched chunks in dist/mdi/ for icons the dashboard does not bundle.
  plugins: [mdiChunks()],
  resolve: {
    // Exact matches, the longer subpaths first: `react` alone must not swallow `react/jsx-runtime`.
    alias: [
      { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
      { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
      { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
      { find: /^react-dom$/, replacement: "preact/compat" },
      { find: /^react$/, replacement: "preact/compat" },
    ],
  },
  esbuild: { jsx: "automatic", jsxImportSource: "react" },
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: false,
    target: ["chrome87", "safari14"],
    // Absolute, so the build works from any working directory (e2e/global-setup.ts).
    rollupOptions: { input: fileURLToPath(new URL("screen.html", import.meta.url)) },
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: {
      "/api": { target: backend, ws: true },
      "/health": backend,
    },
  },
});
