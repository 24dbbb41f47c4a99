import type { EntityChange, EntityState } from "../entities.js";
import type { Scope } from "../pairing.js";

/** Pure text formatting for the CLI, kept apart from I/O so it is tested as data. */

const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";
/** Long states (a media title, a JSON blob) would push the name column off the screen. */
const MAX_STATE_CHARS = 32;

/** The user code, big and clear: letter-spaced in a box, bold on a terminal. Typed with or without spaces. */
export function codeBox(userCode: string, bold: boolean): string[] {
  const spaced = [...userCode].join(" ");
  const width = spaced.length + 8;
  const text = bold ? `${BOLD}${spaced}${RESET}` : spaced;
  return [
    `╔${"═".repeat(width)}╗`,
    `║${" ".repeat(width)}║`,
    `║    ${text}    ║`,
    `║${" ".repeat(width)}║`,
    `╚${"═".repeat(width)}╝`,
  ];
}

export const friendlyName = (state: EntityState): string =>
  typeof state.attributes.friendly_name === "string" ? state.attributes.friendly_name : "";

/** The state as a person reads it: with its unit, and cut short when very long. */
export function stateText(state: EntityState): string {
  const unit = state.attributes.unit_of_measurement;
  const text = typeof unit === "string" && unit !== "" ? `${state.state} ${unit}` : state.state;
  const chars = [...text];
  return chars.length > MAX_STATE_CHARS ? `${chars.slice(0, MAX_STATE_CHARS - 1).join("")}…` : text;
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - [...text].length));

/** Rows of equal-width columns; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `hasync states`: one row per entity, sorted by entity id. */
export function statesTable(states: readonly EntityState[]): string[] {
  if (states.length === 0)
    return ["This device may not see any entity yet: ask an admin to widen its scope."];
  const rows = [...states]
    .sort((a, b) => a.entity_id.localeCompare(b.entity_id))
    .map((s) => [s.entity_id, stateText(s), friendlyName(s)]);
  return [...table(["ENTITY", "STATE", "NAME"], rows), `${states.length} entities`];
}

/** One line per change for `hasync watch` (without the time stamp). */
export function describeChange({ entity_id, before, after }: EntityChange): string {
  if (after === null) return `- ${entity_id}  (no longer visible)`;
  if (before === null) return `+ ${entity_id}  ${stateText(after)}  ${friendlyName(after)}`.trimEnd();
  if (before.state !== after.state) return `  ${entity_id}  ${stateText(before)} → ${stateText(after)}`;
  const keys = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
  const changed = [...keys].filter(
    (key) => JSON.stringify(before.attributes[key]) !== JSON.stringify(after.attributes[key]),
  );
  const what = changed.length > 0 ? `${changed.sort().join(", ")} changed` : "updated";
  return `  ${entity_id}  ${stateText(after)}  (${what})`;
}

/** What an admin granted, in one line: "control of areas kitchen, hall and 2 entities". */
export function scopeSummary(scope: Scope): string {
  const parts: string[] = [];
  if (scope.areas.length > 0)
    parts.push(`area${scope.areas.length === 1 ? "" : "s"} ${scope.areas.join(", ")}`);
  if (scope.entities.length > 0) {
    parts.push(`${scope.entities.length} entit${scope.entities.length === 1 ? "y" : "ies"}`);
  }
  const what = parts.length > 0 ? parts.join(" and ") : "nothing yet";
  const excluded = scope.exclude.length > 0 ? ` (${scope.exclude.length} excluded)` : "";
  return `${scope.access === "control" ? "control of" : "read access to"} ${what}${excluded}`;
}

/** `HH:MM:SS` in local time, for watch lines. */
export function clock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");
}
