/**
 * Issue 8's "keyboard use of every control", in one real task: sec-honghe signs in and records a
 * share movement with the keyboard alone — Tab, Shift+Tab, Enter, the arrow keys and typing; no
 * mouse. At every stop the focused element shows the focus ring, is on screen, and comes after
 * the one before it in the page (focus moves in reading order); the skip link takes focus past
 * the header into the page's main content.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, newContext, open, snap } from "./browser";

const HONGHE = "520323102201";
const NOTE = `键盘录入 ${Date.now()}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type Focused = { tag: string; id: string; name: string; text: string; ring: boolean; onScreen: boolean; after: boolean; inMain: boolean };

/**
 * What has the focus now: whether it shows a ring (outline or box shadow), is inside the window,
 * and follows the previously focused element in document order (the same element — a date
 * input's day, month and year parts — counts as following).
 */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const w = window as unknown as { __lastFocus?: Element };
    const el = document.activeElement ?? document.body;
    const prev = w.__lastFocus;
    const after = !prev || prev === el || !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    w.__lastFocus = el;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    const r = el.getBoundingClientRect();
    const onScreen = r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth && r.width > 0;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.getAttribute("name") ?? "",
      text: (el.textContent ?? "").trim().slice(0, 40),
      ring,
      onScreen,
      after,
      inMain: !!el.closest("main"),
    };
  });
}

/** forgets the last focused element (a new page, or a deliberate step back) */
async function resetOrder(page: Page) {
  await page.evaluate(() => delete (window as unknown as { __lastFocus?: Element }).__lastFocus);
}

/** Presses Tab until `matches` holds, checking ring, visibility and order at every stop. */
async function tabUntil(page: Page, matches: (f: Focused) => boolean, max = 200): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.ring, `focus ring on ${f.tag}#${f.id} “${f.text}”`).toBe(true);
    expect(f.onScreen, `${f.tag}#${f.id} scrolled into view`).toBe(true);
    expect(f.after, `${f.tag}#${f.id} comes after the previous stop`).toBe(true);
    if (matches(f)) return f;
  }
  throw new Error(`not reached in ${max} presses of Tab`);
}

describe("with the keyboard only", () => {
  it("signs in through the skip link and records a share movement", { timeout: 180_000 }, async () => {
    const ctx = await newContext(browser, DESKTOP);
    const page = await ctx.newPage();
    await open(page, "/login");

    // the first Tab shows the skip link; Enter moves focus to the main content
    await page.keyboard.press("Tab");
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: "a", ring: true, onScreen: true });
    expect(await page.evaluate(() => document.activeElement?.classList.contains("skip-link"))).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    await resetOrder(page);

    // the sign-in form: the user name is the first field after the skip, the password next
    const user = await tabUntil(page, (f) => f.name === "username", 10);
    expect(user.inMain).toBe(true);
    await page.keyboard.type("sec-honghe");
    await page.keyboard.press("Tab");
    expect((await focused(page)).name).toBe("password");
    await page.keyboard.type("cunji-demo-2026");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.keyboard.press("Enter")]);

    await open(page, `/villages/${HONGHE}/shares`);
    await snap(page, "keyboard-shares-start-1280");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("skip-link"))).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    await resetOrder(page);

    // through the page in order to the movement form; pick "增持" with the arrow keys
    await tabUntil(page, (f) => f.id === "mv-type");
    await expect(page.locator("#mv-type").inputValue()).resolves.toBe("subscribe");
    await page.keyboard.press("ArrowDown");
    await expect(page.locator("#mv-type").inputValue()).resolves.toBe("increase");
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("mv-householdCode");
    await page.keyboard.type("H0005");
    await tabUntil(page, (f) => f.id === "mv-quantity", 5);
    await page.keyboard.type("3");
    await tabUntil(page, (f) => f.id === "mv-approvedBy", 20);
    await page.keyboard.type("村股东代表大会");

    // Shift+Tab goes back to the field before (the approval date), Tab forward again
    await page.keyboard.press("Shift+Tab");
    const back = await page.evaluate(() => document.activeElement?.id);
    expect(back).toBe("mv-approvedOn");
    await resetOrder(page);
    await tabUntil(page, (f) => f.id === "mv-approvedBy", 5);
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("mv-note");
    await page.keyboard.type(NOTE);
    await snap(page, "keyboard-shares-form-1280");

    // Tab to the button and press Space on it
    const button = await tabUntil(page, (f) => f.tag === "button", 5);
    expect(button.text).toBe("登记");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("saved") === "movement"), page.keyboard.press("Space")]);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const row = page.locator('section[aria-labelledby="ledger-h"] tbody tr').filter({ hasText: NOTE });
    await row.waitFor();
    expect((await row.textContent())?.replace(/\s+/g, " ")).toMatch(/H0005.*增持\s*3/);
    await snap(page, "keyboard-shares-saved-1280");
    await expectAccessible(page);
    await ctx.close();
  });
});
