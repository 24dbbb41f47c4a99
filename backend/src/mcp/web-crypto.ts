import { webcrypto } from "node:crypto";

/**
 * The MCP SDK's server transport calls the Web Crypto global (`crypto.randomUUID()` for each
 * SSE stream), which Node 18 has only behind a flag (global since Node 19). The add-on runs on
 * Node 18.16: give it Node's own implementation under that name, where it is missing.
 */
if (globalThis.crypto === undefined) {
  Object.defineProperty(globalThis, "crypto", { value: webcrypto, configurable: true, writable: true });
}
