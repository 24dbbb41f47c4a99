import type { InterfaceTraffic, WsCall } from "./ha-interface-traffic.js";

/**
 * The errors Home Assistant itself gives a signed-in non-admin user of its interface, so HAsync
 * may give them too. Anything else the interface gets back is a gap (see the proof's assertion).
 * Each row names the HA file whose behaviour it is.
 */
export const NON_ADMIN_ANSWERS: ReadonlyArray<{ what: RegExp; answer: string | number; why: string }> = [
  {
    what: /^ws lovelace\/config$/,
    answer: "config_not_found",
    why:
      "homeassistant/components/lovelace/dashboard.py LovelaceStorage.async_load raises ConfigNotFound " +
      "for a dashboard with no stored config; the frontend then generates it " +
      "(src/panels/lovelace/ha-panel-lovelace.ts)",
  },
  {
    what: /^ws brands\/access_token$/,
    answer: "unknown_command",
    why:
      "homeassistant/components/websocket_api/connection.py answers unknown_command for a command no " +
      "loaded integration registered; brand images come from the internet, which a device must not reach",
  },
];

/** The failures no row above covers: each is an error HA would not give a non-admin. */
export function unexplainedFailures(
  traffic: InterfaceTraffic,
): Array<{ what: string; sent: unknown; answer: unknown }> {
  return traffic.failures().filter((f) => {
    const code =
      typeof f.answer === "object" && f.answer !== null ? (f.answer as { code?: string }).code : f.answer;
    return !NON_ADMIN_ANSWERS.some((a) => a.what.test(f.what) && a.answer === code);
  });
}

/**
 * A Markdown table of every command and endpoint the interface used with HAsync's answer, one row
 * per command type (or path), for the issue's closing note.
 */
export function callTable(traffic: InterfaceTraffic): string {
  const rows = new Map<string, { count: number; answers: Set<string> }>();
  const add = (key: string, answer: string) => {
    const row = rows.get(key) ?? { count: 0, answers: new Set<string>() };
    row.count += 1;
    row.answers.add(answer);
    rows.set(key, row);
  };
  for (const call of traffic.ws) add(`WS \`${commandName(call)}\``, wsAnswer(call));
  for (const h of traffic.http) add(`${h.method} \`${httpPath(h.url)}\``, String(h.status));
  const lines = ["| Command / endpoint | Times | HAsync's answer |", "|---|---|---|"];
  for (const [key, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${key} | ${row.count} | ${[...row.answers].join("; ")} |`);
  }
  return lines.join("\n");
}

function commandName(call: WsCall): string {
  if (call.type === "subscribe_events")
    return `subscribe_events ${String(call.payload.event_type ?? "(all)")}`;
  if (call.type === "call_service")
    return `call_service ${String(call.payload.domain)}.${String(call.payload.service)}`;
  if (call.type.startsWith("frontend/") && typeof call.payload.key === "string")
    return `${call.type} ${call.payload.key}`;
  if (call.type === "frontend/get_translations") return `${call.type} ${String(call.payload.category)}`;
  return call.type;
}

function wsAnswer(call: WsCall): string {
  if (call.type === "auth") return "auth_ok (see the auth exchange)";
  if (call.answer === undefined) return "no result yet (the page moved on)";
  if (!call.answer.success) return `error \`${call.answer.error?.code}\``;
  const result = call.answer.result;
  const shape = Array.isArray(result)
    ? `list of ${result.length}`
    : result === null || result === undefined
      ? "null"
      : typeof result === "object"
        ? `{${Object.keys(result).slice(0, 6).join(", ")}${Object.keys(result).length > 6 ? ", …" : ""}}`
        : JSON.stringify(result);
  return `success, ${shape}${call.events > 0 ? `, then events` : ""}`;
}

/** Paths with their hashed file names folded, so each kind of static file is one row. */
function httpPath(url: string): string {
  const { pathname } = new URL(url);
  if (pathname.startsWith("/frontend_latest/")) return "/frontend_latest/*.js";
  if (pathname.startsWith("/static/")) return `/static/${pathname.split("/")[2] ?? ""}/*`;
  if (pathname.startsWith("/assets/")) return "/assets/* (HAsync's pairing screen)";
  return pathname;
}
