import type { ScreenAuthorizeInfo } from "hasync";
import type { BrowserGuess } from "../device-name.js";

/** `DeviceNameSchema`'s limit (hasync/src/pairing.ts), which NameForm also holds the field to. */
const MAX_NAME = 64;

/**
 * The name suggested for a device signing in through an app: where it runs and which app, so
 * the admin approving it tells "iPhone (Home Assistant app)" from the wall tablet's dashboard.
 */
export function suggestName(
  client: Pick<ScreenAuthorizeInfo, "client_name" | "ha_app">,
  guess: BrowserGuess,
): string {
  const app = client.ha_app ? "Home Assistant app" : client.client_name;
  const name = `${guess.name} (${app})`;
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}
