import type { RawData } from "ws";

/** A message from Home Assistant's WebSocket API, as far as the connection reads it. */
export type Incoming = { type: string; id?: unknown; [key: string]: unknown };

/**
 * The messages in one frame from HA. With `coalesce_messages` HA may send a JSON array of messages
 * in one frame. Malformed frames and messages are reported to `skip` and left out, never thrown:
 * this runs inside the socket's message listener, where a throw would be an uncaught exception.
 */
export function parseFrame(data: RawData, skip: (what: string) => void): Incoming[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    skip("a frame that is not JSON");
    return [];
  }
  const out: Incoming[] = [];
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    if (typeof message !== "object" || message === null || typeof message.type !== "string") {
      skip("a message without a type");
      continue;
    }
    out.push(message as Incoming);
  }
  return out;
}

/** A socket URL as shown to humans: no credentials, no query string. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  return parsed.toString();
}
