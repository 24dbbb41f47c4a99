import type { ScreenPairing } from "hasync";
import type { Locator, Page } from "playwright-core";
import { tile } from "./screen.js";

/** The device app's words and controls the tests rely on, in one place. */
export const PAIRING_HEADING = "Pair this screen";
export const PASS_ENDED = "This pass has ended";

/**
 * On "Pair this screen": names the screen and asks for a code, as a person would. Resolves with
 * the server's answer (the code, its approval link), read from the page's own request.
 */
export async function pairThisScreen(page: Page, name: string): Promise<ScreenPairing> {
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().endsWith("/api/v1/screen/pairing"),
  );
  await page.getByLabel(/name/i).fill(name);
  await page.getByRole("button", { name: /pair|code/i }).click();
  const response = await answered;
  if (response.status() !== 201) throw new Error(`pairing answered ${response.status()}`);
  return (await response.json()) as ScreenPairing;
}

/** A light's on/off control on its tile. */
export const toggleOf = (page: Page, entityId: string): Locator => tile(page, entityId).getByRole("switch");

/** Whether the tile shows the light on (its switch is checked). */
export async function lightIsOn(page: Page, entityId: string): Promise<boolean> {
  return (await toggleOf(page, entityId).getAttribute("aria-checked")) === "true";
}

/** Presses Tab until `target` has the focus, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, limit = 200): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach the control in ${limit} presses`);
}

/**
 * From the next document on, keeps every `data-entity-id` that was ever in the page, even for a
 * moment (a MutationObserver sees each render): out-of-scope tiles must never appear at all.
 */
export async function recordEveryTile(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tilesSeen?: Set<string> };
    const seen = new Set<string>();
    w.__tilesSeen = seen;
    const scan = () => {
      for (const el of document.querySelectorAll<HTMLElement>("[data-entity-id]")) {
        seen.add(el.dataset.entityId ?? "");
      }
    };
    new MutationObserver(scan).observe(document, { childList: true, subtree: true, attributes: true });
  });
}

/** Every entity id recorded by `recordEveryTile` in the current document, sorted. */
export function tilesEverShown(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...((window as unknown as { __tilesSeen?: Set<string> }).__tilesSeen ?? [])].sort(),
  );
}
