import type { ServerResponse } from "node:http";
import type { ConnectionHost } from "./connection.js";
import { demoEvents } from "./entity-feeds.js";
import { json } from "./http-answers.js";

/**
 * calendar/__init__.py `CalendarListView` (`GET /api/calendars`: every calendar entity's
 * `{name, entity_id}`, sorted by name) and `CalendarEventView` (`GET /api/calendars/<entity_id>
 * ?start=&end=`: the events in that window; a bare 400 for an unknown entity or a missing or
 * unreadable time, HA's message when start is not before end). True when it answered.
 */
export function calendarRest(res: ServerResponse, host: ConnectionHost, url: URL): boolean {
  const path = url.pathname;
  if (path === "/api/calendars") {
    const calendars = [...host.store.allStates()]
      .filter((s) => s.wire.entity_id.startsWith("calendar."))
      .map((s) => ({
        // core.py State.name: the friendly name, else the object id with spaces.
        name: String(s.wire.attributes.friendly_name ?? s.wire.entity_id.split(".")[1]?.replace(/_/g, " ")),
        entity_id: s.wire.entity_id,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    json(res, 200, JSON.stringify(calendars));
    return true;
  }
  if (!path.startsWith("/api/calendars/")) return false;
  const entityId = decodeURIComponent(path.slice("/api/calendars/".length));
  const start = Date.parse(url.searchParams.get("start") ?? "");
  const end = Date.parse(url.searchParams.get("end") ?? "");
  const unknown = !entityId.startsWith("calendar.") || host.store.getState(entityId) === undefined;
  if (unknown || Number.isNaN(start) || Number.isNaN(end)) res.writeHead(400).end();
  else if (start >= end) json(res, 400, JSON.stringify({ message: "Start must be before end" }));
  else json(res, 200, JSON.stringify(demoEvents(entityId, start, end)));
  return true;
}
