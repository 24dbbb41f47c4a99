import type { Confirmation } from "hasync";

/**
 * A held call in words for the admin who decides it: "Unlock Front door", with its data and the
 * time left. Verbs follow the services' names in Home Assistant's interface (lock.unlock
 * "Unlock", alarm_control_panel.alarm_disarm "Disarm", cover.open_cover "Open").
 */
const VERBS: Record<string, string> = {
  "lock.unlock": "Unlock",
  "lock.lock": "Lock",
  "lock.open": "Open",
  "alarm_control_panel.alarm_disarm": "Disarm",
  "alarm_control_panel.alarm_arm_away": "Arm away",
  "alarm_control_panel.alarm_arm_home": "Arm home",
  "alarm_control_panel.alarm_arm_night": "Arm night",
  "alarm_control_panel.alarm_arm_vacation": "Arm vacation",
  "alarm_control_panel.alarm_arm_custom_bypass": "Arm with bypass",
  "alarm_control_panel.alarm_trigger": "Trigger",
  "cover.open_cover": "Open",
  "cover.close_cover": "Close",
  "cover.stop_cover": "Stop",
  "cover.toggle": "Open or close",
  "cover.set_cover_position": "Set the position of",
  "valve.open_valve": "Open",
  "valve.close_valve": "Close",
  "valve.set_valve_position": "Set the position of",
};

/** Service names any domain shares: `turn_on` is "Turn on" whatever it turns on. */
const SHARED: Record<string, string> = {
  turn_on: "Turn on",
  turn_off: "Turn off",
  toggle: "Toggle",
};

/** "A, B and C" */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The service's verb, and whether it reads as one before the names ("Unlock Front door"). */
function verbOf(service: string): { verb: string; known: boolean } {
  const known = VERBS[service] ?? SHARED[service.slice(service.indexOf(".") + 1)];
  if (known) return { verb: known, known: true };
  const words = service.replace(/^[^.]*\./, "").replace(/_/g, " ");
  return { verb: words.charAt(0).toUpperCase() + words.slice(1), known: false };
}

/** "Unlock Front door", "Turn on Hall light and Porch light", "Set hvac mode: Living room". */
export function actionInWords(c: Pick<Confirmation, "service" | "entities">): string {
  const names = listInWords(c.entities.map((e) => e.name || e.entity_id));
  const { verb, known } = verbOf(c.service);
  if (names === "") return verb;
  return known ? `${verb} ${names}` : `${verb}: ${names}`;
}

/** Keys whose value the admin need not read: a lock's or an alarm's code is said to be given. */
const SECRET_KEYS = /code|pin|password|token|secret/i;

/** "brightness_pct: 80 · color_name: red"; empty when the call has no data. */
export function dataInWords(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => {
      if (SECRET_KEYS.test(key)) return `${key}: given`;
      const shown = typeof value === "string" ? value : JSON.stringify(value);
      return `${key}: ${shown}`;
    })
    .join(" · ");
}

/** "1:45 left" until the deadline, "0:00 left" once it has passed (the server ends it then). */
export function timeLeft(deadlineAt: string, now: number): string {
  const ms = Date.parse(deadlineAt) - now;
  const s = Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : 0;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
}

/** What the admin's decision ended as, when it was not simply what they chose. */
export const OUTCOME_WORDS: Record<string, string> = {
  allowed: "Allowed",
  denied: "Denied",
  timed_out: "It had already timed out",
  withdrawn: "The device had already given up on it",
};
