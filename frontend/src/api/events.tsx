import type { AdminEvent } from "hasync";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { apiUrl } from "./urls.js";

/**
 * The one push channel: `api/v1/admin/events` as Server-Sent Events (they pass through Home
 * Assistant's ingress). EventSource reconnects by itself after a dropped stream; only when the
 * browser gives up (the server answered with an error, e.g. the session ended) do we retry, with
 * a bounded backoff, and ask the app to check the session. Screens refetch on `hello`, which the
 * server sends on every (re)connect, so nothing is missed while disconnected.
 */
export type StreamStatus = "connecting" | "live" | "reconnecting";

/** Every SSE event name the server uses (the event name equals the message `type`). */
export const ADMIN_EVENT_TYPES = [
  "hello",
  "pairing.pending",
  "pairing.resolved",
  "device.updated",
  "device.removed",
  "ha.status",
  "audit",
  "preview",
  "confirmation.pending",
  "confirmation.resolved",
] as const satisfies readonly AdminEvent["type"][];

// Compile-time check that the list above names every AdminEvent type.
type Unlisted = Exclude<AdminEvent["type"], (typeof ADMIN_EVENT_TYPES)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : false = true;
void everyTypeListed;

type Listener = (event: AdminEvent) => void;

interface EventsApi {
  status: StreamStatus;
  subscribe: (listener: Listener) => () => void;
  /** Ask for live `preview` events of one device (the device screen), or none. */
  watchDevice: (deviceId: string | null) => void;
}

const EventsContext = createContext<EventsApi | null>(null);

const MAX_RETRY_MS = 30_000;

export function streamUrl(deviceId: string | null): string {
  const url = apiUrl("admin/events");
  return deviceId === null ? url : `${url}?device=${encodeURIComponent(deviceId)}`;
}

interface ProviderProps {
  children: ReactNode;
  /** Called when the browser gave up on the stream: usually the session ended. */
  onGaveUp: () => void;
}

export function EventsProvider({ children, onGaveUp }: ProviderProps) {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [deviceId, watchDevice] = useState<string | null>(null);
  const listeners = useRef(new Set<Listener>());
  const gaveUp = useRef(onGaveUp);
  gaveUp.current = onGaveUp;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const dispatch = (message: MessageEvent<string>) => {
      let event: AdminEvent;
      try {
        event = JSON.parse(message.data) as AdminEvent;
      } catch {
        return;
      }
      for (const listener of listeners.current) listener(event);
    };
    const open = () => {
      source = new EventSource(streamUrl(deviceId));
      source.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) {
          setStatus("reconnecting");
          return;
        }
        setStatus("reconnecting");
        failures += 1;
        gaveUp.current();
        retry = setTimeout(open, Math.min(MAX_RETRY_MS, 1000 * 2 ** (failures - 1)));
      };
      for (const type of ADMIN_EVENT_TYPES) source.addEventListener(type, dispatch);
      source.onmessage = dispatch;
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [deviceId]);

  const api = useRef<Omit<EventsApi, "status">>({
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    watchDevice,
  });
  return <EventsContext.Provider value={{ status, ...api.current }}>{children}</EventsContext.Provider>;
}

function useEvents(): EventsApi {
  const events = useContext(EventsContext);
  if (!events) throw new Error("useAdminEvents outside EventsProvider");
  return events;
}

/** Calls `handler` with every admin event while the component is mounted. */
export function useAdminEvents(handler: Listener): void {
  const { subscribe } = useEvents();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

export function useStreamStatus(): StreamStatus {
  return useEvents().status;
}

/** Adds live `preview` events for this device to the stream while mounted. */
export function useWatchDevice(deviceId: string): void {
  const { watchDevice } = useEvents();
  useEffect(() => {
    watchDevice(deviceId);
    return () => watchDevice(null);
  }, [deviceId, watchDevice]);
}
