import type { Request, Response } from "express";
import type { GatewayRestDeps, RestRoom } from "../gateway/rest/deps.js";
import { deviceOf } from "../gateway/rest/http.js";
import { HaCommandError } from "../ha/types.js";

/**
 * calendar/__init__.py `CalendarListView` and `CalendarEventView` for a device: the list is
 * made from the device's own calendar states (HA's `{name, entity_id}`, by name); a calendar
 * outside the scope is answered as HA answers an unknown one (a bare 400), and an in-scope one's
 * events are HA's answer, passed on.
 */

const MAX_BODY = 1_000_000;
const message = (res: Response, status: number, text: string) =>
  void res.status(status).json({ message: text });

function listCalendars(deps: GatewayRestDeps, _req: Request, res: Response): void {
  const calendars: Array<{ name: string; entity_id: string }> = [];
  for (const entityId of deps.access.entitiesOf(deviceOf(res).id)) {
    if (!entityId.startsWith("calendar.")) continue;
    const state = deps.mirror.getState(entityId);
    if (state === undefined) continue;
    // core.py State.name: the friendly name, else the object id with spaces.
    const friendly = state.attributes.friendly_name;
    const name = typeof friendly === "string" ? friendly : entityId.slice(9).replace(/_/g, " ");
    calendars.push({ name, entity_id: entityId });
  }
  res.json(calendars.sort((a, b) => a.name.localeCompare(b.name)));
}

async function calendarEvents(deps: GatewayRestDeps, req: Request, res: Response): Promise<void> {
  const entityId = String(req.params.entity_id ?? "");
  const { start, end } = req.query;
  const visible = deps.access.canSee(deviceOf(res).id, entityId);
  if (!visible || !entityId.startsWith("calendar.") || typeof start !== "string" || typeof end !== "string") {
    return void res.status(400).end();
  }
  const query = new URLSearchParams({ start, end });
  let upstream: globalThis.Response;
  try {
    upstream = await deps.ha.request(`/api/calendars/${encodeURIComponent(entityId)}?${query.toString()}`);
  } catch (error) {
    if (!(error instanceof HaCommandError)) throw error;
    return message(res, error.code === "timeout" ? 504 : 503, error.message);
  }
  const body = await upstream.text();
  if (body.length > MAX_BODY) return message(res, 502, "Home Assistant's calendar answer is too large.");
  const type = upstream.headers.get("content-type");
  if (type !== null) res.type(type);
  res.status(upstream.status).send(body);
}

export const CALENDAR_REST_ROOM: RestRoom = {
  routes: [
    { path: "/api/calendars", handle: listCalendars },
    { path: "/api/calendars/:entity_id", handle: calendarEvents },
  ],
};
