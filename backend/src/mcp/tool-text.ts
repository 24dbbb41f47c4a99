import { MAX_HISTORY_DAYS, MAX_HISTORY_ENTITIES, MAX_HISTORY_ROWS } from "./history.js";

/** What each tool says to the language model that reads the tool list. */
export const TOOL_TEXT = {
  instructions:
    "You are connected to a home run by Home Assistant, through HAsync. You see only the part of the home " +
    "this agent was given: entities that are not listed do not exist for you. Start with get_home_overview, " +
    "read one entity with get_entity (its attributes and the services it accepts with their fields), and " +
    "change things with call_service where the overview says you may. Some calls wait until a person allows " +
    "them; say so to the user while you wait.",
  overview:
    "Lists the areas of the home this agent may see, floor by floor in Home Assistant's order, and in each " +
    "area its entities: entity_id, name, domain, current state with its unit, and what this agent may do " +
    "with it: 'read only', 'control', or 'control after the admin confirms' (the call waits until a person " +
    "allows it). Entities without an area are listed last under 'No area'.",
  entity:
    "Reads one entity: its state with unit, when it last changed, its attributes, its area and floor, what " +
    "this agent may do with it, and the services it accepts (for example light.turn_on) with each field's " +
    "type, range and meaning, ready for call_service. An entity this agent may not see is answered " +
    "'Not found'.",
  history:
    `Recorded state changes of up to ${MAX_HISTORY_ENTITIES} entities over a period of at most ` +
    `${MAX_HISTORY_DAYS} days (default: the last 24 hours), oldest first, at most ${MAX_HISTORY_ROWS} changes ` +
    "in all (the latest are kept). Entities this agent may not see are listed under not_found.",
  call:
    "Calls a Home Assistant service on entities this agent may control, e.g. domain 'light', service " +
    "'turn_on', entity_id 'light.kitchen_spots', data {\"brightness_pct\": 40}. get_entity lists each " +
    "entity's services and fields. Entities marked 'control after the admin confirms' wait until a person " +
    "allows the call: you are told it is pending, then whether it was done or refused. A refusal says why " +
    "(not allowed, outside this agent's hours, over its limits, too many calls, not confirmed).",
} as const;
