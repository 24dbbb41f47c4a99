import { describe, expect, it } from "vitest";
import { HttpError } from "../http/errors.js";
import { MAX_TICKETS, MAX_TICKETS_PER_DEVICE, ScreenTickets, TICKET_TTL_S } from "./tickets.js";

describe("ScreenTickets", () => {
  it("redeems a ticket once, for the device it was issued to", () => {
    const tickets = new ScreenTickets(() => 0);
    const { ticket, expires_in } = tickets.issue("dev_a");
    expect(expires_in).toBe(TICKET_TTL_S);
    expect(tickets.redeem(ticket)).toBe("dev_a");
    expect(tickets.redeem(ticket)).toBeNull();
    expect(tickets.size).toBe(0);
  });

  it("refuses a ticket 30 s after issue, and tells a device token from a ticket", () => {
    let now = 1_000_000;
    const tickets = new ScreenTickets(() => now);
    const { ticket } = tickets.issue("dev_a");
    now += TICKET_TTL_S * 1000;
    expect(tickets.redeem(ticket)).toBeNull();
    expect(tickets.redeem("hasync_whatever")).toBeUndefined();
    expect(tickets.redeem("hst_short")).toBeNull();
    expect(tickets.redeem(`hst_${"a".repeat(43)}`)).toBeNull();
  });

  it("keeps 8 per device, the oldest giving way, and forgets a revoked device's", () => {
    const tickets = new ScreenTickets(() => 0);
    const issued = Array.from({ length: MAX_TICKETS_PER_DEVICE + 1 }, () => tickets.issue("dev_a").ticket);
    expect(tickets.size).toBe(MAX_TICKETS_PER_DEVICE);
    expect(tickets.redeem(issued[0] ?? "")).toBeNull();
    expect(tickets.redeem(issued[1] ?? "")).toBe("dev_a");
    const other = tickets.issue("dev_b").ticket;
    tickets.forgetDevice("dev_a");
    expect(tickets.size).toBe(1);
    expect(tickets.redeem(issued[2] ?? "")).toBeNull();
    expect(tickets.redeem(other)).toBe("dev_b");
  });

  it("holds at most 10,000 in all, then refuses with 429 until some expire", () => {
    let now = 0;
    const tickets = new ScreenTickets(() => now);
    for (let i = 0; i < MAX_TICKETS; i++) tickets.issue(`dev_${Math.floor(i / MAX_TICKETS_PER_DEVICE)}`);
    let refused: unknown;
    try {
      tickets.issue("dev_new");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    now += TICKET_TTL_S * 1000;
    expect(tickets.issue("dev_new").ticket).toMatch(/^hst_/);
    expect(tickets.size).toBe(1);
  });
});
