import { HaCommandError, type HaMirror } from "../ha/types.js";
import type { Logger } from "../log/logger.js";
import type { HeldCall } from "./held.js";
import { actionInWords, durationInWords } from "./words.js";

/** Action ids on the phone: a prefix HAsync's answers recognise, then the call's nonce. */
export const ALLOW_PREFIX = "HASYNC_ALLOW_";
export const DENY_PREFIX = "HASYNC_DENY_";

const notificationId = (held: HeldCall) => `hasync_confirm_${held.id}`;
const tagOf = (held: HeldCall) => `hasync-confirm-${held.id}`;

export interface NoticesDeps {
  /** HAsync's own Home Assistant link (its own token), never a device's. */
  mirror: Pick<HaMirror, "callService" | "services">;
  log: Logger;
  link: () => string | null;
}

/**
 * Asks the admin through Home Assistant: a persistent notification in HA's drawer (core
 * `components/persistent_notification/__init__.py` create/dismiss by `notification_id`) and,
 * when a notify service is chosen, an actionable notification to the admin's phone in the
 * companion apps' format (`data.actions[{action, title}]`, `tag`, `url`/`clickAction`; cleared
 * with `message: clear_notification` and the same `tag`). Best effort: HA down or a service
 * gone is logged, and the admin can still answer in HAsync's panel.
 */
export class HaNotices {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly announced = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: NoticesDeps) {}

  /** Announces a held call: the drawer always, the phone when `held.phone` names a notify service. */
  announce(held: HeldCall): void {
    this.announced.set(held.id, this.track(this.sendAnnouncements(held)));
  }

  /** Takes the notices back once the call is decided; the phone's only when answered elsewhere. */
  retire(held: HeldCall, answeredOnPhone: boolean): void {
    const sent = this.announced.get(held.id) ?? Promise.resolve(false);
    this.announced.delete(held.id);
    void this.track(
      sent.then(async (phoned) => {
        await this.call(held, "persistent_notification", "dismiss", {
          notification_id: notificationId(held),
        });
        if (phoned && held.phone !== null && !answeredOnPhone) {
          await this.call(held, "notify", held.phone.slice("notify.".length), {
            message: "clear_notification",
            data: { tag: tagOf(held) },
          });
        }
      }),
    );
  }

  /** Resolves once every notice sent so far has had HA's answer (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  hasService(service: string): boolean {
    const [domain, name] = service.split(".", 2) as [string, string];
    return this.deps.mirror.services()[domain]?.[name] !== undefined;
  }

  /** Resolves true when the phone was sent its notification. */
  private async sendAnnouncements(held: HeldCall): Promise<boolean> {
    const { confirmation: c, phone } = held;
    const action = actionInWords(
      c.service,
      c.entities.map((e) => e.name),
    );
    const link = this.deps.link();
    const waits = durationInWords(Date.parse(c.deadline_at) - Date.parse(c.asked_at));
    const where = link === null ? "in HAsync's admin page" : `in [HAsync](${link})`;
    await this.call(held, "persistent_notification", "create", {
      notification_id: notificationId(held),
      title: "HAsync: an action waits for you",
      message: `**${c.device_name}** wants to ${action}. Allow or deny it ${where} within ${waits}; without an answer it is refused.`,
    });
    if (phone === null) return false;
    return this.call(held, "notify", phone.slice("notify.".length), {
      title: "Allow this action?",
      message: `${c.device_name} wants to ${action}.`,
      data: phoneData(held, link),
    });
  }

  private async call(
    held: HeldCall,
    domain: string,
    service: string,
    data: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.deps.mirror.callService({ domain, service, service_data: data });
      return true;
    } catch (error) {
      const reason = error instanceof HaCommandError ? error.message : String(error);
      this.deps.log.warn("Home Assistant did not take a confirmation notice", {
        confirmation_id: held.id,
        service: `${domain}.${service}`,
        error: reason,
      });
      return false;
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
    return work;
  }
}

/**
 * The companion apps' actionable notification (companion.home-assistant.io, "Actionable
 * notifications"): two actions whose ids carry the call's nonce; on iOS "Allow" needs the phone
 * unlocked; `tag` lets HAsync replace or clear it; Android's `timeout` drops it at the deadline;
 * `ttl: 0` / `priority: high` and iOS's time-sensitive level deliver it at once.
 */
function phoneData(held: HeldCall, link: string | null): Record<string, unknown> {
  const { confirmation: c } = held;
  const seconds = Math.max(1, Math.round((Date.parse(c.deadline_at) - Date.parse(c.asked_at)) / 1000));
  return {
    tag: tagOf(held),
    actions: [
      {
        action: `${ALLOW_PREFIX}${held.nonce}`,
        title: "Allow",
        authenticationRequired: true,
        destructive: true,
      },
      { action: `${DENY_PREFIX}${held.nonce}`, title: "Deny" },
    ],
    timeout: seconds,
    ttl: 0,
    priority: "high",
    push: { "interruption-level": "time-sensitive" },
    ...(link !== null ? { url: link, clickAction: link } : {}),
  };
}
