/** Home Assistant's own plural names for common domains; others are spelled out from the id. */
const NAMES: Record<string, string> = {
  alarm_control_panel: "Alarm panels",
  automation: "Automations",
  binary_sensor: "Binary sensors",
  button: "Buttons",
  camera: "Cameras",
  climate: "Climate",
  cover: "Covers",
  fan: "Fans",
  humidifier: "Humidifiers",
  input_boolean: "Toggles",
  light: "Lights",
  lock: "Locks",
  media_player: "Media players",
  person: "People",
  scene: "Scenes",
  script: "Scripts",
  select: "Selects",
  sensor: "Sensors",
  siren: "Sirens",
  switch: "Switches",
  vacuum: "Vacuums",
  valve: "Valves",
  water_heater: "Water heaters",
  weather: "Weather",
};

export function domainName(domain: string): string {
  const known = NAMES[domain];
  if (known) return known;
  const words = domain.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What an admin must know before letting a device control an entity HAsync cannot look inside:
 * the scope engine checks a group's and a scene's members, but a script or an automation may do
 * anything (issue 11). Null for every other entity.
 */
export function controlNote(entityId: string): string | null {
  const domain = entityId.slice(0, entityId.indexOf("."));
  if (domain !== "script" && domain !== "automation") return null;
  return "If this device may control it, it can run it, and with it whatever it does, inside or outside its scope.";
}
