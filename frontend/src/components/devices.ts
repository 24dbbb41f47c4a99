import type { DeviceType } from "hasync";

export const DEVICE_TYPE_LABEL: Record<DeviceType, string> = {
  phone: "Phone",
  tablet: "Tablet",
  tv: "TV",
  kiosk: "Kiosk",
  desktop: "Computer",
  ai_agent: "AI agent",
  other: "Other device",
};
