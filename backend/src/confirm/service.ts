import { randomBytes } from "node:crypto";
import type { Confirmation, ConfirmationOutcome, ConfirmVia } from "hasync";
import { MAX_PENDING_CONFIRMATIONS, MAX_PENDING_CONFIRMATIONS_PER_DEVICE } from "hasync";
import type { AuditLog } from "../audit/audit-log.js";
import type { DevicesService } from "../devices/service.js";
import type { CallConfirmer, ConfirmAsk } from "../gateway/service-calls.js";
import { ServiceCallDeclined } from "../gateway/service-calls.js";
import { Emitter } from "../ha/emitter.js";
import type { HaForwarder, HaMirror } from "../ha/types.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../log/logger.js";
import { HeldCall } from "./held.js";
import { ALLOW_PREFIX, DENY_PREFIX, HaNotices } from "./notices.js";
import { PhoneAnswers, type TappedAction } from "./phone-answers.js";
import type { ConfirmSettingsStore } from "./settings.js";
import { actionAsSubject, type DeclineReason, dataForDisplay, declinedInWords } from "./words.js";

export interface ConfirmationEvents {
  pending: (confirmation: Confirmation) => void;
  resolved: (id: string, outcome: ConfirmationOutcome, by: string | null) => void;
}

export interface ConfirmationServiceOptions {
  devices: Pick<DevicesService, "view" | "on" | "recordRefusedCall">;
  /** HAsync's own Home Assistant link: entity names, the notices, the phone's answers. */
  mirror: Pick<HaMirror, "getState" | "callService" | "services" | "on">;
  ha: Pick<HaForwarder, "subscribe">;
  settings: ConfirmSettingsStore;
  audit: AuditLog;
  log: Logger;
  now: () => number;
  /** Where the admin answers (panel-link.ts). */
  link: () => string | null;
  /** Test seam: how long a call waits, instead of the settings' `timeout_s`. */
  deadlineMs?: number;
}

/** Who decided through the admin API. */
export interface Decider {
  actor: string;
  ip: string;
}

/** Decided ids remembered, so a second decision is told "already decided" rather than "unknown". */
const REMEMBER_DECIDED = 1000;
const newId = () => `cnf_${randomBytes(9).toString("base64url")}`;
/** 128 random bits: the phone's action ids are the only thing a tap can prove. */
const newNonce = () => randomBytes(16).toString("hex");

/**
 * Calls the scope holds for the admin (guard rails, issue 15): kept in memory only, never sent
 * to HA until allowed; answered from HAsync's panel or the admin's phone; ended by the deadline,
 * the caller leaving, or the device's access ending. Every step is audited.
 */
export class ConfirmationService implements CallConfirmer {
  readonly notices: HaNotices;
  readonly phone: PhoneAnswers;
  private readonly emitter: Emitter<ConfirmationEvents>;
  private readonly held = new Map<string, HeldCall>();
  private readonly byNonce = new Map<string, HeldCall>();
  private readonly decided = new Map<string, ConfirmationOutcome>();
  private offRevoked: (() => void) | undefined;

  constructor(private readonly o: ConfirmationServiceOptions) {
    this.emitter = new Emitter((event, error) =>
      o.log.error("a confirmation listener failed", { event: String(event), error: String(error) }),
    );
    this.notices = new HaNotices({ mirror: o.mirror, log: o.log, link: o.link });
    this.phone = new PhoneAnswers({
      ha: o.ha,
      mirror: o.mirror,
      log: o.log,
      onTap: (tap) => this.onTap(tap),
    });
  }

  start(): void {
    this.phone.start();
    this.offRevoked ??= this.o.devices.on("revoked", (deviceId) => {
      for (const held of this.held.values())
        if (held.ask.deviceId === deviceId) this.end(held, "withdrawn", null, { reason: "ended" });
    });
  }

  /**
   * Withdraws what still waits (its callers are going away with the server) and lets HA's
   * notices be taken back, so no stale request stays in HA's drawer after a restart.
   */
  async stop(): Promise<void> {
    this.offRevoked?.();
    this.offRevoked = undefined;
    for (const held of this.held.values()) this.end(held, "withdrawn", null, { reason: "withdrawn" });
    this.phone.stop();
    await this.notices.settled();
  }

  on<E extends keyof ConfirmationEvents>(event: E, listener: ConfirmationEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  list(): Confirmation[] {
    return [...this.held.values()].map((held) => held.confirmation);
  }

  confirm(ask: ConfirmAsk, signal?: AbortSignal): Promise<(() => void) | undefined> {
    const names = ask.entityIds.map((id) => this.nameOf(id));
    const service = `${ask.request.domain}.${ask.request.service}`;
    const action = actionAsSubject(service, names);
    const refused = this.refusal(ask, action, signal);
    if (refused !== null) return Promise.reject(refused);
    const settings = this.o.settings.get();
    const deadlineMs = this.o.deadlineMs ?? settings.timeout_s * 1000;
    const held = new HeldCall(this.confirmationOf(ask, names, deadlineMs), ask, action, newNonce());
    const phone = settings.notify_service;
    held.phone = phone !== null && this.notices.hasService(phone) ? phone : null;
    this.held.set(held.id, held);
    this.byNonce.set(held.nonce, held);
    this.audit("confirm.requested", held, held.confirmation.device_name, ask.ip, {
      deadline_at: held.confirmation.deadline_at,
      asked_through:
        held.phone === null ? ["panel", "home_assistant"] : ["panel", "home_assistant", held.phone],
    });
    held.watch(deadlineMs, signal, (why) =>
      why === "deadline"
        ? this.end(held, "timed_out", null, { waitedMs: deadlineMs })
        : this.end(held, "withdrawn", null, { reason: "withdrawn" }),
    );
    this.emitter.emit("pending", held.confirmation);
    this.notices.announce(held);
    this.listenToPhones();
    return held.decided;
  }

  /** The admin's answer from HAsync's panel; "allowed" is answered once HA has answered the call. */
  async decide(id: string, decision: "allow" | "deny", who: Decider): Promise<ConfirmationOutcome> {
    const held = this.held.get(id);
    if (held === undefined) {
      const past = this.decided.get(id);
      if (past === undefined) throw new HttpError(404, "not_found", "No such confirmation is waiting.");
      throw new HttpError(409, "conflict", `This call was already ${pastInWords(past)}.`);
    }
    const outcome = decision === "allow" ? "allowed" : "denied";
    this.end(held, outcome, who.actor, { ip: who.ip });
    await held.answered;
    return outcome;
  }

  private onTap(tap: TappedAction): void {
    const outcome = tap.action.startsWith(ALLOW_PREFIX)
      ? "allowed"
      : tap.action.startsWith(DENY_PREFIX)
        ? "denied"
        : null;
    if (outcome === null) return;
    const nonce = tap.action.slice(outcome === "allowed" ? ALLOW_PREFIX.length : DENY_PREFIX.length);
    const held = this.byNonce.get(nonce);
    // A replayed, stale or made-up action: nothing waits for it, and it decides nothing.
    if (held === undefined || held.phone === null) {
      this.o.log.debug("ignored a notification action that matches no waiting call");
      return;
    }
    this.end(held, outcome, held.phone, { onPhone: true, userId: tap.userId });
  }

  private end(
    held: HeldCall,
    outcome: ConfirmationOutcome,
    by: string | null,
    how: {
      ip?: string;
      reason?: DeclineReason;
      waitedMs?: number;
      onPhone?: boolean;
      userId?: string | null;
    },
  ): void {
    const reason: DeclineReason = how.reason ?? (outcome === "timed_out" ? "timed_out" : "denied");
    const message = declinedInWords(reason, held.action, how.waitedMs ?? 0);
    if (!held.settle({ outcome, by, message })) return;
    this.held.delete(held.id);
    this.byNonce.delete(held.nonce);
    this.decided.set(held.id, outcome);
    if (this.decided.size > REMEMBER_DECIDED) this.decided.delete(this.decided.keys().next().value as string);
    const actor = outcome === "withdrawn" ? held.confirmation.device_name : by;
    this.audit(`confirm.${outcome}`, held, actor, how.ip ?? null, {
      by,
      ...(how.onPhone ? { answered_on: "phone", ha_user_id: how.userId ?? null } : {}),
      ...(outcome === "withdrawn" ? { why: reason === "ended" ? "device_access_ended" : "caller_left" } : {}),
    });
    this.emitter.emit("resolved", held.id, outcome, by);
    this.notices.retire(held, how.onPhone === true);
    this.listenToPhones();
  }

  private listenToPhones(): void {
    this.phone.want([...this.held.values()].some((held) => held.phone !== null));
  }

  /** A call that cannot be held: its caller already left, or too many calls wait (audited as refused). */
  private refusal(ask: ConfirmAsk, action: string, signal?: AbortSignal): ServiceCallDeclined | null {
    if (signal?.aborted) return new ServiceCallDeclined(declinedInWords("withdrawn", action, 0));
    const full = this.fullFor(ask.deviceId);
    if (full === null) return null;
    const reason = "too many calls waiting for a confirmation";
    this.o.devices.recordRefusedCall(ask.deviceId, ask.ip, ask.request, reason);
    return new ServiceCallDeclined(declinedInWords(full, action, 0));
  }

  private fullFor(deviceId: string): DeclineReason | null {
    if (this.held.size >= MAX_PENDING_CONFIRMATIONS) return "all_full";
    let mine = 0;
    for (const held of this.held.values()) if (held.ask.deviceId === deviceId) mine++;
    return mine >= MAX_PENDING_CONFIRMATIONS_PER_DEVICE ? "device_full" : null;
  }

  private confirmationOf(ask: ConfirmAsk, names: readonly string[], deadlineMs: number): Confirmation {
    const now = this.o.now();
    return {
      id: newId(),
      device_id: ask.deviceId,
      device_name: this.o.devices.view(ask.deviceId)?.name ?? ask.deviceId,
      service: `${ask.request.domain}.${ask.request.service}`,
      entities: ask.entityIds.map((entity_id, i) => ({ entity_id, name: names[i] ?? entity_id })),
      data: dataForDisplay(ask.request.service_data ?? {}),
      via: ask.via satisfies ConfirmVia,
      asked_at: new Date(now).toISOString(),
      deadline_at: new Date(now + deadlineMs).toISOString(),
    };
  }

  /** The entity's name as HA shows it now (its `friendly_name`), else its id. */
  private nameOf(entityId: string): string {
    const name = this.o.mirror.getState(entityId)?.attributes.friendly_name;
    return typeof name === "string" && name !== "" ? name : entityId;
  }

  private audit(
    type: `confirm.${ConfirmationOutcome | "requested"}`,
    held: HeldCall,
    actor: string | null,
    ip: string | null,
    extra: Record<string, unknown>,
  ): void {
    const c = held.confirmation;
    this.o.audit.record(type, {
      actor,
      ip,
      detail: {
        confirmation_id: c.id,
        device_id: c.device_id,
        device_name: c.device_name,
        service: c.service,
        entities: c.entities.map((e) => e.entity_id),
        // The names as they were when asked, so the activity reads "unlock Front Door" later too.
        entity_names: c.entities.map((e) => e.name),
        via: c.via,
        ...extra,
      },
    });
  }
}

const pastInWords = (outcome: ConfirmationOutcome): string =>
  ({
    allowed: "allowed",
    denied: "denied",
    timed_out: "refused for want of an answer",
    withdrawn: "withdrawn",
  })[outcome];
