import { COMPONENT_ICONS } from "./icon-table.js";
import type { DisplayEntry, Entity } from "./types.js";
import { domainOf } from "./types.js";

/**
 * Which icon a tile shows, in HA's order (components/ha-state-icon.ts, data/icons.ts `entityIcon`):
 * the registry icon (`ic`), then the state's `icon` attribute, then the state-dependent special
 * cases of common/entity/state_icon.ts, then the entity component icons by device class and state
 * (icon-table.ts). What none of these give falls back to the domain icon (ha-state-icon
 * `_renderFallback`: FALLBACK_DOMAIN_ICONS, else DEFAULT_DOMAIN_ICON), see icons/bundled.ts.
 */

function fromTable(value: string, state: string): string {
  const [fallback, ...states] = value.split(" ");
  for (const pair of states) {
    const at = pair.indexOf("=");
    if (pair.slice(0, at) === state) return pair.slice(at + 1);
  }
  return fallback;
}

/** common/entity/device_tracker_icon.ts */
function deviceTrackerIcon(state: Entity): string {
  const home = state.state === "home";
  const source = state.attributes.source_type;
  if (source === "router") return home ? "mdi:lan-connect" : "mdi:lan-disconnect";
  if (source === "bluetooth" || source === "bluetooth_le")
    return home ? "mdi:bluetooth-connect" : "mdi:bluetooth";
  return state.state === "not_home" ? "mdi:account-arrow-right" : "mdi:account";
}

/** common/entity/state_icon.ts: icons that depend on more than the state word. */
function stateIcon(state: Entity): string | undefined {
  switch (domainOf(state.entity_id)) {
    case "device_tracker":
      return deviceTrackerIcon(state);
    case "input_datetime":
      if (!state.attributes.has_date) return "mdi:clock";
      if (!state.attributes.has_time) return "mdi:calendar";
      return undefined;
    default:
      return undefined;
  }
}

/** The component icon for a domain, device class and state (data/icons.ts `getIconFromTranslations`). */
export function componentIcon(domain: string, deviceClass: unknown, state: string): string | undefined {
  const icons = COMPONENT_ICONS[domain];
  if (!icons) return undefined;
  const value = (typeof deviceClass === "string" && icons[deviceClass]) || icons._;
  return value === undefined ? undefined : `mdi:${fromTable(value, state)}`;
}

export function iconName(state: Entity, entry: DisplayEntry | undefined): string | undefined {
  if (entry?.ic) return entry.ic;
  const attribute = state.attributes.icon;
  if (typeof attribute === "string" && attribute) return attribute;
  return (
    stateIcon(state) ?? componentIcon(domainOf(state.entity_id), state.attributes.device_class, state.state)
  );
}
