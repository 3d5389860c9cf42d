/**
 * Issue 4's share register in a real browser: sec-honghe records an increase and a transfer on
 * /villages/:code/shares with the movement form, finds both in the ledger (the transfer as a
 * 转出 and a 转入 row) and in the holdings, and the page stays axe-clean at phone and desktop
 * width (screenshots kept).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, newContext, open, PHONE, signIn, snap } from "./browser";

const HONGHE = "520323102201";
const SHARES = `/villages/${HONGHE}/shares`;
const NOTE = `e2e 股权变动 ${Date.now()}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** the household's holding (the first share class) in the holdings table on page one */
async function holding(page: Page, code: string): Promise<number> {
  const row = page
    .locator('section[aria-labelledby="holdings-h"] tbody tr')
    .filter({ has: page.getByRole("link", { name: code, exact: true }) });
  await row.waitFor();
  return Number(((await row.locator("td.num").first().textContent()) ?? "").replace(/,/g, ""));
}

/** fills and posts the movement form, then waits for the register to come back saved */
async function record(page: Page, m: { type: string; from: string; to?: string; quantity: string }) {
  await page.locator("#mv-type").selectOption(m.type);
  await page.locator("#mv-householdCode").fill(m.from);
  if (m.to) await page.locator("#mv-counterpartyCode").fill(m.to);
  await page.locator("#mv-quantity").fill(m.quantity);
  await page.locator("#mv-approvedBy").fill("村股东代表大会");
  await page.locator("#mv-note").fill(NOTE);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get("saved") === "movement"),
    page.getByRole("button", { name: "登记", exact: true }).click(),
  ]);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

describe("the share register", () => {
  it("records an increase and a transfer; both show in the ledger and the holdings, at 1280 and 390 px", async () => {
    const ctx = await newContext(browser, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, "sec-honghe");
    await open(page, SHARES);
    const before = { H0003: await holding(page, "H0003"), H0004: await holding(page, "H0004") };

    await record(page, { type: "increase", from: "H0003", quantity: "2" });
    await expect.poll(() => holding(page, "H0003")).toBe(before.H0003 + 2);

    await record(page, { type: "transfer", from: "H0003", to: "H0004", quantity: "1" });
    await expect.poll(() => holding(page, "H0003")).toBe(before.H0003 + 1);
    expect(await holding(page, "H0004")).toBe(before.H0004 + 1);

    // the ledger (newest first) holds the three entries this test made, each with its note
    const ledger = page.locator('section[aria-labelledby="ledger-h"] tbody tr').filter({ hasText: NOTE });
    await expect.poll(() => ledger.count()).toBe(3);
    const rows = (await ledger.allTextContents()).map((t) => t.replace(/\s+/g, " "));
    expect(rows.some((r) => r.includes("H0003") && r.includes("增持") && r.includes("2"))).toBe(true);
    expect(rows.some((r) => r.includes("H0003") && r.includes("转出") && r.includes("H0004"))).toBe(true);
    expect(rows.some((r) => r.includes("H0004") && r.includes("转入") && r.includes("H0003"))).toBe(true);
    await snap(page, "shares-movement-1280");
    await expectAccessible(page);
    await ctx.close();

    const phone = await newContext(browser, PHONE);
    const small = await phone.newPage();
    await signIn(small, "sec-honghe");
    await open(small, SHARES);
    expect(await holding(small, "H0004")).toBe(before.H0004 + 1);
    await expect(small.locator('section[aria-labelledby="ledger-h"] tbody tr').filter({ hasText: NOTE }).count()).resolves.toBe(3);
    const { scroll, inner } = await small.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner + 1);
    await snap(small, "shares-movement-390");
    await expectAccessible(small);
    await phone.close();
  });

  it("names a wrong household in the form, in place, and writes nothing", async () => {
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await signIn(page, "sec-honghe");
    await open(page, SHARES);
    const total = await page.locator('section[aria-labelledby="ledger-h"] .muted.small').first().textContent();
    await page.locator("#mv-type").selectOption("increase");
    await page.locator("#mv-householdCode").fill("H9999");
    await page.locator("#mv-quantity").fill("1");
    await page.locator("#mv-approvedBy").fill("村股东代表大会");
    await page.getByRole("button", { name: "登记", exact: true }).click();
    await page.getByText("本村没有户号 H9999").waitFor();
    await expect(page.locator("#mv-householdCode").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator('section[aria-labelledby="ledger-h"] .muted.small').first().textContent()).resolves.toBe(total);
    await snap(page, "shares-movement-error-390");
    await expectAccessible(page);
    await ctx.close();
  });
});
