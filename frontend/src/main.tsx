import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
// Order matters: the theme's variables and base rules first, screen-specific rules last.
import "./styles/theme.css";
import "./styles/frame.css";
import "./styles/cards.css";
import "./styles/form-controls.css";
import "./styles/controls.css";
import "./styles/lists.css";
import "./styles/scope-picker.css";
import "./styles/devices.css";
import "./styles/invites.css";
import "./styles/dialog.css";
import "./styles/login.css";
import "./styles/admin-theme.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
