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
