import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { screenshot } from "./browser.js";
import { repoRoot } from "./paths.js";
import { unlabelledControls } from "./ui.js";

/** Wall tablets in landscape and portrait, and a phone. */
export const TABLET = { width: 1024, height: 768 };
export const TABLET_PORTRAIT = { width: 800, height: 1280 };
export const PHONE = { width: 390, height: 844 };

export type Scheme = "light" | "dark";
export const SCHEMES: readonly Scheme[] = ["light", "dark"];

/** The screenshots the README shows (small PNGs of the viewport, committed). */
export const docsScreenshotDir = path.join(repoRoot, "docs", "screenshots");

/** The entity ids of the dashboard's tiles, sorted; an entity shown twice is listed twice. */
export async function tileIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator("[data-entity-id]")
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.entityId ?? ""));
  return ids.sort();
}

/** The tile of one entity. */
export const tile = (page: Page, entityId: string) => page.locator(`[data-entity-id="${entityId}"]`);

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's WCAG 2 A and AA rules (colour contrast among them) on the page as it is shown,
 * one line per violation and node. Evaluated over the DevTools protocol, which the page's CSP
 * does not govern, so the device pages keep their strict policy while they are checked.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> };
    };
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.help}): ${JSON.stringify(n.target)} ${n.failureSummary ?? ""}`),
    );
  });
}

/**
 * For each colour scheme: switch the page to it (as the system setting would), check it with
 * axe and for unnamed controls, and save `docs/screenshots/screen-<name>-<scheme>.png` (the
 * viewport) and the harness's full-page artifact (`name` null: no screenshots, for a passing
 * state such as a dialog). Returns every problem found, prefixed by scheme.
 */
export async function checkScreen(page: Page, name: string | null): Promise<string[]> {
  const problems: string[] = [];
  fs.mkdirSync(docsScreenshotDir, { recursive: true });
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    // The scheme applies on the next style recalculation; two frames make sure it was painted.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    for (const v of await axeViolations(page)) problems.push(`${scheme}: ${v}`);
    for (const c of await unlabelledControls(page)) problems.push(`${scheme}: unnamed control ${c}`);
    if (name === null) continue;
    await page.screenshot({
      path: path.join(docsScreenshotDir, `screen-${name}-${scheme}.png`),
      animations: "disabled",
      caret: "hide",
    });
    await screenshot(page, `screen-${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}

/**
 * From the next document on, records (on the page's own clock, epoch ms) when an element
 * matching `selector` whose text contains `text` first appears: `window.__shownAt[key]`. A
 * MutationObserver sees the DOM change the moment the app renders it, whatever the test is doing.
 */
export async function recordWhenShown(
  page: Page,
  key: string,
  selector: string,
  text: string,
): Promise<void> {
  await page.addInitScript(
    ([k, sel, txt]) => {
      const w = window as unknown as { __shownAt?: Record<string, number> };
      w.__shownAt ??= {};
      const record = w.__shownAt;
      const check = () => {
        if (record[k] !== undefined) return;
        for (const el of document.querySelectorAll(sel)) {
          if ((el.textContent ?? "").includes(txt)) record[k] = performance.timeOrigin + performance.now();
        }
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
    },
    [key, selector, text] as const,
  );
}

/** Forgets an earlier sighting, so the next appearance is recorded afresh. */
export function forgetShown(page: Page, key: string): Promise<void> {
  return page.evaluate((k) => {
    const w = window as unknown as { __shownAt?: Record<string, number> };
    if (w.__shownAt) delete w.__shownAt[k];
  }, key);
}

/** When `recordWhenShown`'s element appeared (epoch ms on the page's clock), once it has. */
export async function shownAt(page: Page, key: string): Promise<number> {
  const handle = await page.waitForFunction(
    (k) => (window as unknown as { __shownAt?: Record<string, number> }).__shownAt?.[k],
    key,
  );
  return (await handle.jsonValue()) as number;
}
