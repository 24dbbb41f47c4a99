import path from "node:path";
import type { Page } from "playwright-core";
import { screenshot } from "./browser.js";
import { axeViolations, docsScreenshotDir, SCHEMES } from "./screen.js";
import { unlabelledControls } from "./ui.js";

/**
 * The admin UI's counterpart of the device app's `checkScreen`: in each colour scheme, axe's
 * WCAG 2 A/AA rules and unnamed controls on the page as shown, and the viewport saved as
 * `docs/screenshots/admin-<name>-<scheme>.png` (plus the full-page artifact), scrolled to
 * `scrollTo` when given. Returns the problems.
 */
export async function checkAdminScreen(page: Page, name: string, scrollTo?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    // A scheme switch re-lays the page out, which can move it: scroll to the part shown each time.
    if (scrollTo !== undefined) {
      await page
        .locator(scrollTo)
        .first()
        .evaluate((el) => {
          el.scrollIntoView({ block: "start" });
          // Below the sticky top bar, which would cover it.
          window.scrollBy(0, -(document.querySelector(".topbar")?.getBoundingClientRect().height ?? 0) - 16);
        });
    }
    for (const v of await axeViolations(page)) problems.push(`${scheme}: ${v}`);
    for (const c of await unlabelledControls(page)) problems.push(`${scheme}: unnamed control ${c}`);
    await page.screenshot({
      path: path.join(docsScreenshotDir, `admin-${name}-${scheme}.png`),
      animations: "disabled",
      caret: "hide",
    });
    await screenshot(page, `admin-${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}
