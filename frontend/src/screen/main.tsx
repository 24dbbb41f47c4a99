import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { takeInviteSecret } from "./invite.js";
import { registerShellWorker } from "./service-worker.js";
// The admin UI's theme (Home Assistant's colours, light and dark) and controls, then the screen's own.
import "../styles/theme.css";
import "../styles/form-controls.css";
import "./screen.css";

// Before anything renders: the invite's secret leaves the address bar and history at once.
const inviteSecret = takeInviteSecret();
const root = document.getElementById("root");
if (root) createRoot(root).render(<App inviteSecret={inviteSecret} />);
registerShellWorker();
