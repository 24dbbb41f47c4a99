import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { registerShellWorker } from "./service-worker.js";
// The admin UI's theme (Home Assistant's colours, light and dark) and controls, then the screen's own.
import "../styles/theme.css";
import "../styles/controls.css";
import "./screen.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
registerShellWorker();
