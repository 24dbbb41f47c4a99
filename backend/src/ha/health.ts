import type { HaHealthCheck } from "hasync";
import type { HaMirror } from "./types.js";

/**
 * The /health contribution, for `healthRouter({ extraChecks })`: `{home_assistant: {state,
 * ha_version}}`. Home Assistant being down never makes /health fail; it only shows here.
 */
export function haHealthCheck(mirror: Pick<HaMirror, "status">): () => { home_assistant: HaHealthCheck } {
  return () => {
    const status = mirror.status();
    return { home_assistant: { state: status.state, ha_version: status.ha_version } };
  };
}
