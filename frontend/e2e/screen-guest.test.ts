import type { Device, InviteCreated, ScreenSession } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import type { Backend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import { checkScreen, PHONE, tile, tileIds } from "./harness/screen.js";
import { createInvite, fromNow, hoursExcludingNow } from "./harness/screen-admin.js";
import {
  PAIRING_HEADING,
  PASS_ENDED,
  recordEveryTile,
  tilesEverShown,
  toggleOf,
} from "./harness/screen-device.js";
import { type DemoHa, haState, startBackendFor, startDemoHa } from "./harness/screen-ha.js";
import { eventually, heading } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo home's time zone (backend/src/simulator/home.ts): pass hours are meant in it. */
const HA_TIME_ZONE = "Europe/Amsterdam";

/** The day `hoursExcludingNow` opens its window, as the screens name it ("Friday"). */
const windowDay = () =>
  new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: HA_TIME_ZONE }).format(Date.now() + 3 * DAY);

describe("a guest's phone opens an invite link", () => {
  let ha: DemoHa;
  let backend: Backend;
  let browser: Browser;
  let admin: AdminApi;
  let livingRoom: string[] = [];

  beforeAll(async () => {
    ha = await startDemoHa();
    [backend, browser] = await Promise.all([startBackendFor(ha, PASSWORD), launchBrowser()]);
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    livingRoom = await admin.entitiesIn("living_room");
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await ha?.stop();
  });

  /** A phone that opens `invite.url` and waits for the app to exchange the secret. */
  async function openLink(invite: InviteCreated): Promise<{ w: WatchedPage; status: number }> {
    const w = await browser.open(PHONE);
    await recordEveryTile(w.page);
    const exchanged = w.page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/screen/invite"),
    );
    await w.page.goto(invite.url);
    return { w, status: (await exchanged).status() };
  }

  const guestInvite = (name: string, extra: Partial<Parameters<typeof createInvite>[1]> = {}) =>
    createInvite(admin, {
      name,
      scope: { areas: ["living_room"], access: "control" },
      expires_at: fromNow(HOUR),
      ...extra,
    });

  let first: WatchedPage;
  let link: InviteCreated;

  it("shows the dashboard of the invite's scope without typing anything, and drops the secret from the address", async () => {
    link = await guestInvite("Anna's phone");
    expect(link.url).toMatch(/\/invite#hsi_/);
    const { w, status } = await openLink(link);
    first = w;
    expect(status).toBe(201);
    await eventually(
      async () => (await tileIds(w.page)).length === livingRoom.length,
      "the living room's tiles",
    );
    expect(await tileIds(w.page)).toEqual(livingRoom);
    expect(w.page.url()).not.toContain(link.secret);
    expect(await checkScreen(w.page, "dashboard-phone")).toEqual([]);
    expect(await tilesEverShown(w.page)).toEqual(livingRoom);
    expect(w.problems).toEqual([]);
  });

  it("refuses a second use of a single-use link in its own words, and the first phone keeps its pass", async () => {
    const refusedIn = await browser.open(PHONE);
    refusedIn.allow("/api/v1/screen/invite", 410);
    // No session yet either: the app may ask before it looks at the link.
    refusedIn.allow("/api/v1/screen/session", 401);
    const exchanged = refusedIn.page.waitForResponse((r) => r.url().endsWith("/api/v1/screen/invite"));
    await refusedIn.page.goto(link.url);
    const answer = await exchanged;
    expect(answer.status()).toBe(410);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("invite_used");
    await refusedIn.page
      .getByText(/already (been )?used/i)
      .first()
      .waitFor();
    expect(await tileIds(refusedIn.page)).toEqual([]);
    expect(refusedIn.problems).toEqual([]);
    expect(await tileIds(first.page)).toEqual(livingRoom);
  });

  it("outside its weekly hours a read-only pass shows the tiles without controls", async () => {
    const invite = await guestInvite("Cleaner's phone", {
      hours: hoursExcludingNow(HA_TIME_ZONE, "read"),
      expires_at: fromNow(5 * DAY),
    });
    const { w, status } = await openLink(invite);
    expect(status).toBe(201);
    await eventually(async () => (await tileIds(w.page)).length === livingRoom.length, "the read-only tiles");
    const session = await sessionOf(w);
    expect(session.pass).toBe("read_only");
    await w.page.getByText(`View only until ${windowDay()} at 09:00`).waitFor();
    const controls = w.page.locator(
      "[data-entity-id] button, [data-entity-id] input, [data-entity-id] [role=switch]",
    );
    expect(await controls.count()).toBe(0);
    expect(w.problems).toEqual([]);
  });

  it("outside its weekly hours a closed pass shows the closed screen", async () => {
    const invite = await guestInvite("Dog sitter's phone", {
      hours: hoursExcludingNow(HA_TIME_ZONE, "closed"),
      expires_at: fromNow(5 * DAY),
    });
    const { w, status } = await openLink(invite);
    // The pass is closed: it may not open Home Assistant's API now, and the app says so.
    w.allow("/api/v1/screen/ticket", 403);
    expect(status).toBe(201);
    await heading(w.page, `Closed until ${windowDay()} at 09:00`);
    expect(await tileIds(w.page)).toEqual([]);
    expect(await checkScreen(w.page, "closed")).toEqual([]);
    expect(await tilesEverShown(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  it("a closed pass that ends before its next window opens does not promise to open", async () => {
    const invite = await guestInvite("Plumber's phone", { hours: hoursExcludingNow(HA_TIME_ZONE, "closed") });
    const { w } = await openLink(invite);
    w.allow("/api/v1/screen/ticket", 403);
    await heading(w.page, "Closed for now");
    await w.page.getByText("this pass ends before the next one starts", { exact: false }).waitFor();
    expect(w.problems).toEqual([]);
  });

  it("shows “This pass has ended” once the pass ends, with the time left before that", async () => {
    const invite = await guestInvite("Visitor's phone");
    const { w } = await openLink(invite);
    await eventually(async () => (await tileIds(w.page)).length === livingRoom.length, "the visitor's tiles");
    await w.page.getByText(/^Pass ends in/).waitFor();
    // The admin shortens the pass to a moment from now: the screen is told when it ends.
    const [deviceId] = await deviceIdsOf(invite);
    w.allow("/api/v1/screen/", 410);
    await admin.call<Device>("PATCH", `admin/devices/${deviceId}`, { expires_at: fromNow(3_000) });
    await heading(w.page, PASS_ENDED);
    expect(await tileIds(w.page)).toEqual([]);
    expect(await checkScreen(w.page, "pass-ended")).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  it("a link whose pass ends a few seconds ahead counts down, then shows “This pass has ended” on its own", async () => {
    // Long enough to be opened on a loaded machine, short enough to watch it end.
    const invite = await guestInvite("Courier's phone", { expires_at: fromNow(15_000) });
    const { w, status } = await openLink(invite);
    expect(status).toBe(201);
    w.allow("/api/v1/screen/", 410);
    await w.page.getByText(/^Pass ends in/).waitFor();
    await heading(w.page, PASS_ENDED);
    expect(await tileIds(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  it("a call the scope does not allow is refused on its tile, in words, and never reaches Home Assistant", async () => {
    const ceiling = "light.living_room_ceiling";
    // Lights may be turned on here, not off: the ceiling is on, so its switch asks for turn_off.
    const invite = await guestInvite("Babysitter's phone", {
      scope: { areas: ["living_room"], access: "control", services: ["light.turn_on"] },
    });
    const { w } = await openLink(invite);
    await eventually(
      async () => (await tileIds(w.page)).length === livingRoom.length,
      "the babysitter's tiles",
    );
    expect(await haState(ha, ceiling)).toBe("on");
    const before = ha.serviceCalls.length;
    await toggleOf(w.page, ceiling).click();
    await tile(w.page, ceiling)
      .getByText("This screen is not allowed to do that.", { exact: false })
      .waitFor();
    expect(await haState(ha, ceiling)).toBe("on");
    expect(ha.serviceCalls.slice(before)).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  it("revoking the invite ends the session it made: the first phone leaves its dashboard at once", async () => {
    first.allow("/api/v1/screen/", 401);
    await admin.call("DELETE", `admin/invites/${link.invite.id}`);
    await heading(first.page, PAIRING_HEADING);
    expect(await tileIds(first.page)).toEqual([]);
    expect(first.problems).toEqual([]);
  });

  /** The screen's session as the page itself would read it (its cookie rides along). */
  function sessionOf(w: WatchedPage): Promise<ScreenSession> {
    return w.page.evaluate(
      async () => (await fetch("/api/v1/screen/session")).json() as Promise<ScreenSession>,
    );
  }

  async function deviceIdsOf(invite: InviteCreated): Promise<string[]> {
    const list = await admin.call<{ invites: InviteCreated["invite"][] }>("GET", "admin/invites");
    return list.invites.find((i) => i.id === invite.invite.id)?.device_ids ?? [];
  }
});
