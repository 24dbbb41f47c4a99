import type { IncomingMessage, ServerResponse } from "node:http";
import { apiRest } from "./api-rest.js";
import { calendarRest } from "./calendar-rest.js";
import { stateJson } from "./compressed.js";
import { type ConnectionHost, sameSecret } from "./connection.js";
import { HaError } from "./errors.js";
import { json, readBody, text } from "./http-answers.js";
import { recorderRest } from "./recorder-rest.js";
import { DEMO_USER_ID } from "./store.js";

/** HA's REST API (homeassistant/components/api): the read endpoints and service calls. */

const MAX_BODY_BYTES = 1024 * 1024;

async function postService(
  req: IncomingMessage,
  res: ServerResponse,
  host: ConnectionHost,
  url: URL,
): Promise<void> {
  const [, , , domain = "", service = ""] = url.pathname.split("/");
  const raw = await readBody(req, MAX_BODY_BYTES);
  let data: unknown = {};
  try {
    if (raw === null) throw new SyntaxError("body too large");
    if (raw.trim() !== "") data = JSON.parse(raw);
  } catch {
    return json(res, 400, JSON.stringify({ message: "Data should be valid JSON." }));
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return json(res, 400, JSON.stringify({ message: "Data should be valid JSON." }));
  }
  const service_data = data as Record<string, unknown>;
  const returnResponse = url.searchParams.has("return_response");
  host.recordCall({ domain, service, service_data });
  try {
    const outcome = host.services.call(
      { domain, service, service_data, return_response: returnResponse },
      DEMO_USER_ID,
    );
    const body = returnResponse
      ? { changed_states: outcome.changed, service_response: outcome.response }
      : outcome.changed;
    json(res, 200, JSON.stringify(body));
  } catch (error) {
    if (!(error instanceof HaError)) throw error;
    text(res, 400, "Bad Request");
  }
}

function route(
  req: IncomingMessage,
  res: ServerResponse,
  host: ConnectionHost,
  url: URL,
): Promise<void> | void {
  const path = url.pathname;
  const get = req.method === "GET" || req.method === "HEAD";
  if (path === "/api/" && get) return json(res, 200, JSON.stringify({ message: "API running." }));
  if (path === "/api/config" && get) return json(res, 200, JSON.stringify(host.config()));
  if (path === "/api/states" && get) {
    const parts: string[] = [];
    for (const s of host.store.allStates()) parts.push(stateJson(s));
    return json(res, 200, `[${parts.join(",")}]`);
  }
  if (path.startsWith("/api/states/") && get) {
    const state = host.store.getState(decodeURIComponent(path.slice("/api/states/".length)));
    return state
      ? json(res, 200, stateJson(state))
      : json(res, 404, JSON.stringify({ message: "Entity not found." }));
  }
  if (/^\/api\/services\/[^/]+\/[^/]+$/.test(path)) {
    return req.method === "POST" ? postService(req, res, host, url) : text(res, 405, "Method Not Allowed");
  }
  if (get) {
    const recorded = recorderRest(res, host, url);
    if (recorded !== false) return recorded;
    if (calendarRest(res, host, url)) return;
  }
  const answered = apiRest(req, res, host, url);
  if (answered !== false) return answered;
  return text(res, 404, "Not Found");
}

export function handleRest(req: IncomingMessage, res: ServerResponse, host: ConnectionHost): void {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!sameSecret(req.headers.authorization ?? "", `Bearer ${host.token}`)) {
    text(res, 401, "Unauthorized");
    return;
  }
  Promise.resolve(route(req, res, host, url)).catch(() => {
    if (!res.headersSent) text(res, 500, "Internal Server Error");
  });
}
