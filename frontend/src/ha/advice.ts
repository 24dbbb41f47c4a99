import type { HaStatusResponse } from "hasync";

export type Tone = "good" | "warn" | "bad" | "info";

export interface HaAdvice {
  tone: Tone;
  title: string;
  /** What it means and what to do, in words. */
  detail: string;
}

/** How HAsync reaches Home Assistant, for people. */
export function howReached(status: Pick<HaStatusResponse, "mode" | "url">): string {
  switch (status.mode) {
    case "supervisor":
      return "Through the Home Assistant Supervisor (HAsync runs as an add-on).";
    case "url":
      return `At ${status.url} with a long-lived access token.`;
    case "demo":
      return "The built-in demo home: no real Home Assistant is configured.";
  }
}

/** The Home Assistant link state in words, with what to do about it. */
export function haAdvice(status: HaStatusResponse): HaAdvice {
  const version = status.ha_version ? ` ${status.ha_version}` : "";
  switch (status.state) {
    case "connected":
      return {
        tone: "good",
        title: `Connected to Home Assistant${version}`,
        detail: `${status.entity_count} entities in ${status.area_count} areas are available to share.`,
      };
    case "demo":
      return {
        tone: "info",
        title: "Running with the demo home",
        detail:
          "Devices see made-up demo entities, not your home. Install HAsync as a Home Assistant add-on, or set HASYNC_HA_URL and HASYNC_HA_TOKEN, to share your real home.",
      };
    case "connecting":
      return {
        tone: "warn",
        title: "Connecting to Home Assistant…",
        detail: `${lastError(status)}HAsync keeps retrying on its own. If this lasts, check that Home Assistant is running and reachable ${status.mode === "url" ? `at ${status.url}` : "from the add-on"}. Paired devices keep their last view meanwhile.`,
      };
    case "auth_failed":
      return { tone: "bad", title: "Home Assistant refused HAsync’s token", detail: authFix(status) };
  }
}

function lastError(status: HaStatusResponse): string {
  return status.last_error ? `Last problem: ${withStop(status.last_error)} ` : "";
}

function authFix(status: HaStatusResponse): string {
  if (status.mode === "supervisor") {
    return "Restart the HAsync add-on. If it happens again, reinstall it: the Supervisor’s token for it is no longer valid.";
  }
  return "Create a new long-lived access token in your Home Assistant profile (Security tab), set it as HASYNC_HA_TOKEN (the add-on’s ha_token option) and restart HAsync. HAsync does not retry a refused token.";
}

function withStop(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
