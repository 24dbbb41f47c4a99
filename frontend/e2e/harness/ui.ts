import type { Page } from "playwright-core";
import { WAIT_MS } from "./limits.js";

/** Waits for the screen's main heading, the app's sign that a screen has rendered. */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/** Fills the sign-in form the page shows and waits for the screen it leads to. */
export async function signIn(page: Page, password: string, title: string | RegExp): Promise<void> {
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading(page, title);
}

/** Navigates with the app's own tab bar, as a user would. */
export async function navTo(page: Page, tab: string, title: string | RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: tab, exact: false }).click();
  await heading(page, title);
}

/** Waits until `probe` returns true, polling every 100 ms, for at most `timeoutMs`. */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Controls without an accessible name: inputs, selects and buttons a screen reader could not announce. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("input, select, textarea, button")) {
      if (el.closest("dialog:not([open])")) continue;
      const input = el as HTMLInputElement;
      const named =
        (el.getAttribute("aria-label") ?? "").trim() !== "" ||
        (el.getAttribute("aria-labelledby") ?? "") !== "" ||
        (input.labels !== null &&
          input.labels.length > 0 &&
          (input.labels[0]?.textContent ?? "").trim() !== "") ||
        (el.tagName === "BUTTON" && (el.textContent ?? "").trim() !== "");
      if (!named) out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
}

/** True when the page scrolls sideways: something does not fit a phone's width. */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
