import type { Device, DevicePatch } from "hasync";
import { useState } from "react";
import { api } from "../api/client.js";

export interface DevicePatching {
  busy: boolean;
  error: unknown;
  /** What the last saved change said ("Hours saved."), until the next change starts. */
  done: string | undefined;
  setDone: (message: string | undefined) => void;
  /** PATCHes the device; on success `saved` runs, then `onSaved` gets the device as it is now. */
  patch: (body: DevicePatch, message: string, saved?: () => void) => void;
}

/** One device change at a time from a card on the device's page, with its progress and outcome. */
export function useDevicePatch(device: Device, onSaved: (device: Device) => void): DevicePatching {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  const patch = (body: DevicePatch, message: string, saved?: () => void) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api.patch<Device>(`admin/devices/${encodeURIComponent(device.id)}`, body).then(
      (updated) => {
        setBusy(false);
        saved?.();
        setDone(message);
        onSaved(updated);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return { busy, error, done, setDone, patch };
}
