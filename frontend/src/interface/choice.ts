import type { DeviceInterface, InterfaceStatus } from "hasync";

/** The two answers to "what does a device get at HAsync's device address", in the admin's words. */
export const INTERFACE_CHOICES: readonly { value: DeviceInterface; title: string; hint: string }[] = [
  {
    value: "hasync",
    title: "HAsync’s dashboard",
    hint: "HAsync’s own screens: big tiles by area, with only what the device may see and do.",
  },
  {
    value: "home_assistant",
    title: "Home Assistant’s own interface",
    hint: "Home Assistant’s web interface, served from your Home Assistant, showing only the device’s scope.",
  },
];

/** Whether devices get HA's interface now, or why they get HAsync's dashboard whatever is chosen. */
export function availabilityInWords(status: InterfaceStatus["ha_frontend"]): string {
  if (status.available) {
    return status.version
      ? `Home Assistant’s interface is available (Home Assistant ${status.version}).`
      : "Home Assistant’s interface is available.";
  }
  const reason = status.reason ? ` ${withStop(status.reason)}` : "";
  return `Home Assistant’s interface is not available here.${reason} Devices get HAsync’s dashboard whatever you choose.`;
}

/** What saving a choice means for the devices, as the notice after it says. */
export function savedInWords(choice: DeviceInterface, available: boolean): string {
  if (choice === "hasync") return "Devices now get HAsync’s dashboard.";
  return available
    ? "Devices now get Home Assistant’s interface."
    : "Saved: devices get Home Assistant’s interface once it is available.";
}

function withStop(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
