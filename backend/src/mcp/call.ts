import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { DevicesService } from "../devices/service.js";
import type { DeviceGateway } from "../gateway/index.js";
import {
  ServiceCallDeclined,
  ServiceCallInvalid,
  ServiceCallRefused,
  ServiceCallThrottled,
} from "../gateway/service-calls.js";
import { HaCommandError } from "../ha/types.js";

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface CallAsk {
  domain: string;
  service: string;
  entity_id: string | string[];
  data?: Record<string, unknown> | undefined;
}

export interface CallDeps {
  gateway: Pick<DeviceGateway, "callService">;
  devices: Pick<DevicesService, "authorizeServiceCall">;
  /** How often a held call tells the client it is still waiting (a progress notification). */
  pendingEveryMs: number;
}

export const text = (words: string, isError = false): CallToolResult => ({
  content: [{ type: "text", text: words }],
  ...(isError ? { isError: true } : {}),
});

/**
 * A refusal in words for the agent, one per error the one decision path throws
 * (gateway/service-calls.ts). A refused call says no more than HA's `unauthorized` does: an
 * entity outside the scope and one HA does not have read the same.
 */
export function refusalText(error: unknown): string | null {
  if (error instanceof ServiceCallRefused)
    return "Refused: this agent may not make that call (the entity is not one it may control, or the service is not allowed).";
  if (error instanceof ServiceCallThrottled)
    return `Throttled: too many calls from this agent; try again in ${error.retryAfterSeconds} s.`;
  if (error instanceof ServiceCallDeclined) return `Not done: ${error.message}`;
  if (error instanceof ServiceCallInvalid)
    return `Refused, a value is outside this agent's limits: ${error.message}`;
  if (error instanceof HaCommandError)
    return `Home Assistant refused the call (${error.code}): ${error.message}`;
  return null;
}

/** Sends a notification on the tool call's own stream; a client that left just misses it. */
function notify(extra: ToolExtra, notification: ServerNotification): void {
  extra.sendNotification(notification).catch(() => undefined);
}

/**
 * While the admin has not decided, tells the client the call is pending: a logging message once,
 * and a progress notification now and every `pendingEveryMs` when the client sent a
 * progressToken. Returns the function that stops the repeats.
 */
function reportPending(deps: CallDeps, extra: ToolExtra, service: string): (() => void) | null {
  const message = `Waiting for the admin to allow ${service} (the call is held, not sent yet).`;
  notify(extra, {
    method: "notifications/message",
    params: { level: "notice", logger: "hasync", data: message },
  });
  const token = extra._meta?.progressToken;
  if (token === undefined) return null;
  let progress = 0;
  const tell = () =>
    notify(extra, {
      method: "notifications/progress",
      params: { progressToken: token, progress: ++progress, message },
    });
  tell();
  const timer = setInterval(tell, deps.pendingEveryMs);
  return () => clearInterval(timer);
}

/** The call as the gateway takes it; targets only ever by entity id. */
function requestOf(ask: CallAsk) {
  return {
    domain: ask.domain,
    service: ask.service,
    ...(ask.data ? { service_data: ask.data } : {}),
    target: { entity_id: ask.entity_id },
  };
}

/** Settles on the next turn of the event loop unless `promise` has (a refusal never waits). */
const settlesAtOnce = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);

/**
 * `call_service` through the gateway's one decision path (rate, scope, guard rails,
 * confirmation) with the tool call's abort signal: a client that cancels or leaves withdraws a
 * held call. A call that waits for the admin is reported as pending, then its outcome.
 */
export async function callService(
  deps: CallDeps,
  caller: { deviceId: string; ip: string },
  ask: CallAsk,
  extra: ToolExtra,
): Promise<CallToolResult> {
  const request = requestOf(ask);
  const service = `${ask.domain}.${ask.service}`;
  const call = deps.gateway.callService(caller.deviceId, caller.ip, request, {
    via: "mcp",
    signal: extra.signal,
  });
  let stop: (() => void) | null = null;
  if (!(await settlesAtOnce(call))) {
    const decision = deps.devices.authorizeServiceCall(caller.deviceId, request);
    if (decision.ok && decision.confirm.length > 0) stop = reportPending(deps, extra, service);
  }
  try {
    const answer = (await call) as { response?: unknown } | null;
    const targets = Array.isArray(ask.entity_id) ? ask.entity_id.join(", ") : ask.entity_id;
    const response = answer?.response === undefined ? "" : ` Response: ${JSON.stringify(answer.response)}`;
    return text(`Done: ${service} on ${targets}. Read the entity again for its new state.${response}`);
  } catch (error) {
    const words = refusalText(error);
    if (words === null) throw error;
    return text(words, true);
  } finally {
    stop?.();
  }
}
