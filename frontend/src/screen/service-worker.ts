/**
 * Registers `sw.js` (frontend/public), which keeps only the device app's shell for offline start
 * and lets every other request through. Browsers allow service workers only in a secure context
 * (HTTPS, or localhost), so on a plain-HTTP LAN address this does nothing and the app works as a
 * normal page. Only the device app registers it, never the admin UI.
 */
export function registerShellWorker(): void {
  if (!import.meta.env.PROD || !window.isSecureContext || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("sw.js").catch(() => undefined);
  });
}
