import { MAX_PENDING_CONFIRMATIONS, MAX_PENDING_CONFIRMATIONS_PER_DEVICE } from "hasync";
import { clipDetail } from "../audit/clip.js";

/** Service fields that carry a secret: a lock's or alarm panel's code (core `components/lock`, `alarm_control_panel` ATTR_CODE). */
const SECRET_FIELDS = new Set(["code"]);

/**
 * The call's data as the admin is shown it (panel, SSE): clipped like an audit detail, and a
 * code masked, since it is a secret the device holds, not something to decide on.
 */
export function dataForDisplay(data: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) shown[key] = SECRET_FIELDS.has(key) ? "••••" : value;
  return JSON.parse(clipDetail(shown)) as Record<string, unknown>;
}

/**
 * What a held call does, in words a household reads: "unlock" for `lock.unlock`. Verbs follow
 * the names HA's services.yaml gives these services (core `components/lock/services.yaml`,
 * `alarm_control_panel`, `cover`, `valve`); anything else is named by its service.
 */
type Verb = readonly [infinitive: string, gerund: string];
const VERBS: Record<string, Verb> = {
  "lock.unlock": ["unlock", "Unlocking"],
  "lock.lock": ["lock", "Locking"],
  "lock.open": ["open", "Opening"],
  "alarm_control_panel.alarm_disarm": ["disarm", "Disarming"],
  "alarm_control_panel.alarm_arm_home": ["arm (home)", "Arming (home)"],
  "alarm_control_panel.alarm_arm_away": ["arm (away)", "Arming (away)"],
  "alarm_control_panel.alarm_arm_night": ["arm (night)", "Arming (night)"],
  "alarm_control_panel.alarm_arm_vacation": ["arm (vacation)", "Arming (vacation)"],
  "alarm_control_panel.alarm_arm_custom_bypass": ["arm (custom bypass)", "Arming (custom bypass)"],
  "alarm_control_panel.alarm_trigger": ["trigger", "Triggering"],
  "cover.open_cover": ["open", "Opening"],
  "cover.close_cover": ["close", "Closing"],
  "cover.stop_cover": ["stop", "Stopping"],
  "cover.set_cover_position": ["move", "Moving"],
  "valve.open_valve": ["open", "Opening"],
  "valve.close_valve": ["close", "Closing"],
  "valve.set_valve_position": ["move", "Moving"],
  "valve.stop_valve": ["stop", "Stopping"],
};
const GENERIC: Record<string, Verb> = {
  turn_on: ["turn on", "Turning on"],
  turn_off: ["turn off", "Turning off"],
  toggle: ["toggle", "Toggling"],
};

const verbOf = (service: string): Verb | undefined =>
  VERBS[service] ?? GENERIC[service.slice(service.indexOf(".") + 1)];

/** "Front Door", "Front Door and Garage Door", "Front Door, Garage Door and 2 more". */
export function entitiesInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "nothing";
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} more`;
}

/** The action in the infinitive, for the admin: "unlock Front Door". */
export function actionInWords(service: string, names: readonly string[]): string {
  const verb = verbOf(service);
  const what = entitiesInWords(names);
  return verb === undefined ? `call ${service} on ${what}` : `${verb[0]} ${what}`;
}

/** The action as the subject of a sentence, for the device: "Unlocking Front Door". */
export function actionAsSubject(service: string, names: readonly string[]): string {
  const verb = verbOf(service);
  const what = entitiesInWords(names);
  return verb === undefined ? `Calling ${service} on ${what}` : `${verb[1]} ${what}`;
}

/** "2 minutes", "90 seconds", "1 second". */
export function durationInWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds % 60 === 0) return seconds === 60 ? "1 minute" : `${seconds / 60} minutes`;
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** Why a held call did not go to Home Assistant, as the waiting device is told. */
export type DeclineReason = "denied" | "timed_out" | "withdrawn" | "ended" | "device_full" | "all_full";

/**
 * The device's answer when its call does not go ahead, in the way HA words a failed action
 * ("<action> was not confirmed: <why>."), so a screen can show it on the tile as it is.
 */
export function declinedInWords(reason: DeclineReason, action: string, waitedMs: number): string {
  switch (reason) {
    case "denied":
      return `${action} was not confirmed: the admin declined it.`;
    case "timed_out":
      return `${action} was not confirmed: no answer within ${durationInWords(waitedMs)}.`;
    case "withdrawn":
      return `${action} was not confirmed: the call was withdrawn before the admin answered.`;
    case "ended":
      return `${action} was not confirmed: this device's access ended.`;
    case "device_full":
      return `${action} needs the admin's confirmation, and this device already has ${MAX_PENDING_CONFIRMATIONS_PER_DEVICE} actions waiting for it. Try again once they are answered.`;
    case "all_full":
      return `${action} needs the admin's confirmation, and ${MAX_PENDING_CONFIRMATIONS} actions are already waiting for it. Try again later.`;
  }
}
