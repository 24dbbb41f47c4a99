import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { startEarlyTicket } from "./early-ticket.js";
import { takeInviteSecret } from "./invite.js";
import { registerShellWorker } from "./service-worker.js";
// The admin UI's theme (Home Assistant's colours, light and dark) and controls, then the screen's own.
import "../styles/theme.css";
import "../styles/form-controls.css";
import "./screen.css";

// Before anything renders: the invite's secret leaves the address bar and history at once.
const inviteSecret = takeInviteSecret();
if (inviteSecret === null) startEarlyTicket();
const root = document.getElementById("root");
if (root) createRoot(root).render(<App inviteSecret={inviteSecret} />);
// Most boots are a paired screen: its dashboard's chunk loads while the session is read, not after
// (a round trip less before the dashboard's first paint). A failure here is retried when it is shown.
import("./dashboard/Dashboard.js").catch(() => undefined);
registerShellWorker();
