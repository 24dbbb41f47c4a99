import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { AuthorizeApp } from "./authorize/AuthorizeApp.js";
import { isAuthorizePage, readAuthorizeParams } from "./authorize/authorize-url.js";
import { startEarlyTicket } from "./early-ticket.js";
import { takeInviteSecret } from "./invite.js";
import { registerShellWorker } from "./service-worker.js";
// The admin UI's theme (Home Assistant's colours, light and dark) and controls, then the screen's own.
import "../styles/theme.css";
import "../styles/form-controls.css";
import "./screen.css";

const root = document.getElementById("root");
if (isAuthorizePage(location.pathname, document.baseURI)) {
  // HA's `/auth/authorize`: pairing for an app that keeps the tokens itself. No screen session is
  // read (no early ticket), no dashboard is loaded, and no service worker is registered: HA's
  // interface registers its own at scope `/`, and one of HAsync's there would shadow it.
  if (root) createRoot(root).render(<AuthorizeApp params={readAuthorizeParams(location.search)} />);
} else {
  // Before anything renders: the invite's secret leaves the address bar and history at once.
  const inviteSecret = takeInviteSecret();
  if (inviteSecret === null) startEarlyTicket();
  if (root) createRoot(root).render(<App inviteSecret={inviteSecret} />);
  // Most boots are a paired screen: its dashboard's chunk loads while the session is read, not after
  // (a round trip less before the dashboard's first paint). A failure here is retried when it is shown.
  import("./dashboard/Dashboard.js").catch(() => undefined);
  registerShellWorker();
}
