import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/** home-assistant-js-websocket's browser bundle (its `./haws.umd.js` export: `window.HAWS`). */
const HAWS_BUNDLE = fs.readFileSync(
  createRequire(import.meta.url).resolve("home-assistant-js-websocket/haws.umd.js"),
  "utf8",
);

export interface ClientPage {
  /** `http://127.0.0.1:<port>/`: the page, and its origin, which hajs sends as the client_id. */
  url: string;
  /** Paths asked for other than the page and its script (a redirect that should not have happened). */
  strays: string[];
  stop: () => Promise<void>;
}

/**
 * The dashboard a person would build on home-assistant-js-websocket, as its README shows:
 * `getAuth({ hassUrl, saveTokens, loadTokens })` (tokens in localStorage), `createConnection`,
 * `subscribeEntities`, listing the entity ids it sees. What it knows is on `window.__client`
 * for the test, and in the page for a person.
 */
function pageHtml(hassUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hajs dashboard</title>
<script src="haws.umd.js"></script></head>
<body><h1>Entities</h1><p id="status">starting</p><ul id="entities"></ul>
<script>
const KEY = "hass-tokens";
const client = { status: "starting", entities: null, error: null, reconnectError: null, disconnects: 0, ready: 0 };
window.__client = client;
const show = (status) => { client.status = status; document.getElementById("status").textContent = status; };
const saveTokens = (data) => data ? localStorage.setItem(KEY, JSON.stringify(data)) : localStorage.removeItem(KEY);
const loadTokens = () => { const raw = localStorage.getItem(KEY); return raw ? JSON.parse(raw) : null; };
(async () => {
  try {
    const auth = await HAWS.getAuth({ hassUrl: ${JSON.stringify(hassUrl)}, saveTokens, loadTokens });
    window.__auth = auth;
    // hajs's README: drop the code from the address once traded, so a reload uses the saved tokens.
    if (location.search.includes("auth_callback=1")) history.replaceState(null, "", location.pathname);
    const conn = await HAWS.createConnection({ auth });
    window.__conn = conn;
    conn.addEventListener("ready", () => { client.ready++; show("connected"); });
    conn.addEventListener("disconnected", () => { client.disconnects++; show("disconnected"); });
    conn.addEventListener("reconnect-error", (_c, err) => { client.reconnectError = err; show("reconnect-error"); });
    HAWS.subscribeEntities(conn, (entities) => {
      client.entities = Object.keys(entities).sort();
      document.getElementById("entities").replaceChildren(...client.entities.map((id) => {
        const li = document.createElement("li");
        li.textContent = id;
        return li;
      }));
    });
    show("connected");
  } catch (err) {
    client.error = err;
    show("error " + err);
  }
})();
</script></body></html>`;
}

/** Serves the page on its own 127.0.0.1 port (its own origin, as a real client's). */
export async function startClientPage(hassUrl: string): Promise<ClientPage> {
  const strays: string[] = [];
  const html = pageHtml(hassUrl);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    else if (path === "/haws.umd.js")
      res.writeHead(200, { "Content-Type": "text/javascript" }).end(HAWS_BUNDLE);
    // The browser's own look-up, not the page's.
    else if (path === "/favicon.ico") res.writeHead(204).end();
    else {
      strays.push(req.url ?? "");
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    strays,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
