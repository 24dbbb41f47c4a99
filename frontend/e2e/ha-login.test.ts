import type { HaTokenResponse, ScreenAuthorizeInfo, ScreenPairing } from "hasync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./harness/admin.js";
import { type Backend, startBackend } from "./harness/backend.js";
import { type Browser, launchBrowser, type WatchedPage } from "./harness/browser.js";
import {
  clientState,
  ERR_INVALID_AUTH,
  hajsSeesExpired,
  recordSocketAuth,
  refreshFromNode,
  restStatusWith,
  savedTokens,
  socketAnswerTo,
  tokenRequest,
} from "./harness/ha-login.js";
import { type ClientPage, startClientPage } from "./harness/ha-login-client.js";
import { checkScreen, PHONE, TABLET } from "./harness/screen.js";
import { approveInUi, revokeInUi, signInAdmin } from "./harness/screen-admin.js";
import { pairThisScreen } from "./harness/screen-device.js";
import { type DemoHa, startDemoHa } from "./harness/screen-ha.js";
import { eventually, heading, overflowsSideways } from "./harness/ui.js";

const PASSWORD = "e2e-Strong-Passphrase-42";
/** Short access tokens (HASYNC_ACCESS_TOKEN_LIFETIME_S), so the proof sees one expire. */
const LIFETIME_S = 10;
const NAME = "Phone dashboard";
const SIGN_IN = "Sign in to Home Assistant";

describe("an app on home-assistant-js-websocket signs in through HAsync's pairing, refreshes, and is cut off when revoked", () => {
  let ha: DemoHa;
  let backend: Backend;
  let browser: Browser;
  let admin: AdminApi;
  let adminUi: WatchedPage;
  let client: ClientPage;
  let app: WatchedPage;
  let deviceId = "";
  /** The kitchen's and living room's entities as the admin API resolves areas: what the scope grants. */
  let granted: string[] = [];
  let wsUrl = "";

  beforeAll(async () => {
    ha = await startDemoHa();
    [backend, browser] = await Promise.all([
      startBackend({
        HASYNC_ADMIN_PASSWORD: PASSWORD,
        HASYNC_HA_URL: ha.url,
        HASYNC_HA_TOKEN: ha.token,
        HASYNC_ACCESS_TOKEN_LIFETIME_S: String(LIFETIME_S),
      }),
      launchBrowser(),
    ]);
    wsUrl = `${backend.url.replace(/^http/, "ws")}/api/websocket`;
    admin = await AdminApi.signIn(backend.url, PASSWORD);
    granted = [...(await admin.entitiesIn("kitchen")), ...(await admin.entitiesIn("living_room"))].sort();
    client = await startClientPage(backend.url);
    adminUi = await browser.open();
    await signInAdmin(adminUi, backend.url, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await client?.stop();
    await backend?.stop();
    await ha?.stop();
  });

  it("refuses a client it cannot verify in HA's words, on a wall tablet, and never sends it back", async () => {
    const refused = await browser.open(TABLET);
    const { page } = refused;
    refused.allow("/api/v1/screen/authorize", 400);
    // Another host than the client_id's: HA looks for <link rel="redirect_uri"> on the client's page, which has none.
    const elsewhere = `http://localhost:${new URL(client.url).port}/elsewhere`;
    const answered = page.waitForResponse((r) => r.url().includes("/api/v1/screen/authorize?"));
    await page.goto(
      `${backend.url}/auth/authorize?response_type=code&client_id=${encodeURIComponent(client.url)}&redirect_uri=${encodeURIComponent(elsewhere)}&state=s`,
    );
    const answer = await answered;
    expect(answer.status()).toBe(400);
    const { error } = (await answer.json()) as { error: { message: string } };
    await heading(page, "This sign-in cannot go ahead");
    expect(await page.getByRole("alert").textContent()).toBe(error.message);
    expect(error.message).toMatch(/redirect/i);
    expect(await checkScreen(page, null)).toEqual([]);

    // A script as the way back is refused before HAsync is asked, as HA's own page does.
    await page.goto(
      `${backend.url}/auth/authorize?client_id=${encodeURIComponent(client.url)}&redirect_uri=javascript%3Aalert(1)`,
    );
    await heading(page, "This sign-in cannot go ahead");
    expect(await page.getByRole("alert").textContent()).toBe("Invalid redirect URI");
    await refused.settled();
    expect(new URL(page.url()).pathname).toBe("/auth/authorize");
    expect(client.strays).toEqual([]);
    expect(refused.problems).toEqual([]);
    await refused.close();
  });

  it("names Home Assistant's own apps as such, from their callbacks alone", async () => {
    const phone = await browser.open(PHONE);
    const { page } = phone;
    await page.goto(
      `${backend.url}/auth/authorize?response_type=code&client_id=${encodeURIComponent("https://home-assistant.io/iOS")}&redirect_uri=${encodeURIComponent("homeassistant://auth-callback")}&state=s`,
    );
    await heading(page, SIGN_IN);
    await page.getByText("the Home Assistant app", { exact: true }).waitFor();
    expect(await page.getByLabel("Name of this device").inputValue()).toBe(
      "Chrome on Linux (Home Assistant app)",
    );
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it("declined, the wall tablet says so and offers to start over, and the client hears nothing", async () => {
    const declined = await browser.open(TABLET);
    const { page } = declined;
    await page.goto(client.url);
    await heading(page, SIGN_IN);
    const pairing = await pairThisScreen(page, "Hall tablet dashboard");
    await page.getByText(pairing.user_code).waitFor();
    expect(await checkScreen(page, null)).toEqual([]);
    await admin.call("POST", "admin/pairing/deny", { user_code: pairing.user_code });
    await page.getByRole("heading", { level: 2, name: "Sign-in was declined" }).waitFor();
    await page.getByRole("button", { name: "Start over" }).click();
    await page.getByLabel("Name of this device").waitFor();
    await declined.settled();
    expect(new URL(page.url()).pathname).toBe("/auth/authorize");
    expect(client.strays).toEqual([]);
    expect(declined.problems).toEqual([]);
    await declined.close();
  });

  it("getAuth() goes to /auth/authorize, the phone pairs by code, and the page lists exactly the scope", async () => {
    app = await browser.open(PHONE);
    const { page } = app;
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    const socket = recordSocketAuth(page);
    const info = page.waitForResponse((r) => r.url().includes("/api/v1/screen/authorize?"));
    await page.goto(client.url);
    await heading(page, SIGN_IN);
    const authorizeUrl = new URL(page.url());
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${backend.url}/auth/authorize`);
    expect(authorizeUrl.searchParams.get("client_id")).toBe(client.url);
    const client_ = (await (await info).json()) as ScreenAuthorizeInfo;
    expect(client_).toMatchObject({ client_id: client.url, ha_app: false });
    await page.getByText(client_.client_name).first().waitFor();
    // The name suggested says where it runs and which app asks.
    expect(await page.getByLabel("Name of this device").inputValue()).toBe(
      `Chrome on Linux (${client_.client_name})`,
    );

    const pairing: ScreenPairing = await pairThisScreen(page, NAME);
    await page.getByText(pairing.user_code).waitFor();
    await page.getByRole("img", { name: /^QR code/ }).waitFor();
    expect(await checkScreen(page, "authorize")).toEqual([]);
    expect(await overflowsSideways(page)).toBe(false);
    // 127.0.0.1 is a secure context, where the device app registers its worker at `/`; HA's
    // interface registers its own there, so the authorize page must not.
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length))).toBe(
      0,
    );

    const traded = tokenRequest(page, backend.url, "authorization_code");
    deviceId = await approveInUi(adminUi.page, pairing.approve_url, pairing.user_code, [
      "Kitchen",
      "Living Room",
    ]);
    const answer = await traded;
    expect(answer.status()).toBe(200);
    const tokens = (await answer.json()) as HaTokenResponse;
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: LIFETIME_S });
    expect(tokens.refresh_token).toMatch(/^hasync_/);
    expect(tokens.access_token.startsWith("hasync_")).toBe(false);

    // Back at the client with what HA's redirectWithAuthCode appends: code, the same state, storeToken.
    const back = new URL(
      navigations.find((u) => u.startsWith(client.url) && u.includes("auth_callback=1")) ?? "",
    );
    expect(back.searchParams.get("code")).toBeTruthy();
    expect(back.searchParams.get("state")).toBe(authorizeUrl.searchParams.get("state"));
    expect(back.searchParams.get("storeToken")).toBe("true");

    await eventually(
      async () => (await clientState(page)).entities?.length === granted.length,
      "the scope's entities",
    );
    expect((await clientState(page)).entities).toEqual(granted);
    // The client holds the device's tokens: HAsync's own screen session was never set here.
    const cookies = await app.context.cookies(backend.url);
    expect(cookies.map((c) => c.name)).not.toContain("hasync_screen");
    expect(socket.sent).toEqual([tokens.access_token]);
    expect(socket.answers).toEqual(["auth_ok"]);
    expect(app.problems).toEqual([]);
  });

  it("past the access token's expiry the server refuses it, and hajs refreshes and still sees the scope", async () => {
    const { page } = app;
    const first = await savedTokens(page);
    // Observed, not slept: the server refuses the old access token once it has run out (REST and
    // WebSocket alike), and hajs's own clock says so too.
    await eventually(
      async () => (await restStatusWith(backend.url, first.access_token)) === 401,
      "the server to refuse the expired access token",
    );
    expect(await socketAnswerTo(page, wsUrl, first.access_token)).toBe("auth_invalid");
    await eventually(() => hajsSeesExpired(page), "hajs to see its access token expired");

    // A reconnect (the page opened again with its saved tokens) makes hajs refresh before it connects.
    const socket = recordSocketAuth(page);
    const refreshed = tokenRequest(page, backend.url, "refresh_token");
    await page.reload();
    const answer = await refreshed;
    expect(answer.status()).toBe(200);
    const tokens = (await answer.json()) as HaTokenResponse;
    // HA's refresh answer carries no new refresh token (auth/__init__.py _async_handle_refresh_token).
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: LIFETIME_S });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.access_token).not.toBe(first.access_token);

    await eventually(
      async () => (await clientState(page)).entities?.length === granted.length,
      "the scope after the refresh",
    );
    expect((await clientState(page)).entities).toEqual(granted);
    expect(socket.sent).toEqual([tokens.access_token]);
    expect(socket.answers).toEqual(["auth_ok"]);
    expect((await savedTokens(page)).refresh_token).toBe(first.refresh_token);
    expect(app.problems).toEqual([]);
  });

  it("revoked in the admin UI, the page's session ends: socket closed, refresh refused, ERR_INVALID_AUTH", async () => {
    const { page } = app;
    const { refresh_token } = await savedTokens(page);
    // The refused refresh is what the test provokes.
    app.allow("/auth/token", 400);
    await revokeInUi(adminUi.page, backend.url, deviceId, NAME);
    await eventually(async () => (await clientState(page)).disconnects > 0, "the page's socket to close");
    await eventually(
      async () => (await clientState(page)).reconnectError === ERR_INVALID_AUTH,
      "hajs to give up reconnecting with ERR_INVALID_AUTH",
    );

    // hajs's own refresh now: refused (HA answers 400, which hajs reports as ERR_INVALID_AUTH).
    const refused = tokenRequest(page, backend.url, "refresh_token");
    const outcome = await page.evaluate(() =>
      (window as unknown as { __auth: { refreshAccessToken: () => Promise<void> } }).__auth
        .refreshAccessToken()
        .then(
          () => "refreshed",
          (error: unknown) => error,
        ),
    );
    expect(outcome).toBe(ERR_INVALID_AUTH);
    expect((await refused).status()).toBe(400);
    // hajs leaves a refused answer's body unread, so the browser never finishes loading it: the
    // same refresh from here shows what the page was told.
    expect(await refreshFromNode(backend.url, client.url, refresh_token ?? "")).toEqual({
      status: 400,
      body: { error: "invalid_grant" },
    });
    // The refresh token was the device's own credential: it is gone from every surface.
    expect(await restStatusWith(backend.url, refresh_token ?? "")).toBe(401);
    expect(app.problems).toEqual([]);
    expect(adminUi.problems).toEqual([]);
  });
});
