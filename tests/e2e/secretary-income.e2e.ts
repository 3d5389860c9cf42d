/**
 * Issue 4's journey in a real browser: the secretary enters 2026's income in 万元 and submits;
 * a second browser editing the same year meets the conflict; the town officer approves.
 * Screenshots at phone and desktop width are kept; axe-core finds nothing.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, newContext, open, PHONE, signIn, snap } from "./browser";

const HONGHE = "520323102201";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("secretary → town officer", () => {
  it("shows the five villages and 红河村's stated 140,930.00 元 publicly", async () => {
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await page.goto("/");
    for (const v of ["茶山村", "红河村", "临江村", "黄溪村", "群乐村"])
      await expect(page.getByRole("link", { name: v }).count()).resolves.toBe(1);
    await snap(page, "home-390");
    await expectAccessible(page);
    await page.getByRole("link", { name: "红河村" }).click();
    await expect(page.getByTestId("net-2025").textContent()).resolves.toContain("140,930.00");
    await expect(page.getByTestId("model").first().textContent()).resolves.toBe("党支部+合作社+大户+农户");
    await snap(page, "public-honghe-390");
    await expectAccessible(page);
    await ctx.close();
  });

  it("enters 2026 in 万元 with live totals, meets a conflict from a second browser, submits; the town approves", async () => {
    const ctx = await newContext(browser, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, "sec-honghe");
    await open(page, `/villages/${HONGHE}/income/2026`);
    const rows = [
      ["operating", "中蜂蜂蜜销售", "15.2万"],
      ["contracting", "民宿房屋出租", "4.2万"],
      ["operating_cost", "经营支出", "4.8万元"],
    ];
    for (const [i, [kind, description, amount]] of rows.entries()) {
      await page.locator(`[id="income-lines[${i}].kind"]`).selectOption(kind);
      await page.locator(`[id="income-lines[${i}].description"]`).fill(description);
      await page.locator(`[id="income-lines[${i}].amount"]`).fill(amount);
    }
    // totals follow the typing before anything is saved
    await expect(page.getByTestId("total-net").textContent()).resolves.toBe("146,000.00 元");
    await snap(page, "income-entry-1280");
    await expectAccessible(page);

    // a second browser opens the same year before the first saves
    const other = await newContext(browser, PHONE);
    const page2 = await other.newPage();
    await signIn(page2, "sec-honghe");
    await open(page2, `/villages/${HONGHE}/income/2026`);

    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "保存" }).click()]);
    await page2.locator('[id="income-lines[0].description"]').fill("另一台设备的录入");
    await page2.locator('[id="income-lines[0].amount"]').fill("1");
    await page2.getByRole("button", { name: "保存" }).click();
    await page2.getByRole("heading", { name: "已被他人修改" }).waitFor();
    await snap(page2, "income-conflict-390");
    await expectAccessible(page2);
    await other.close();

    // 2025 had subsidies and management costs: the year cannot be submitted until they are explained
    await page.getByRole("button", { name: "提交审核" }).click();
    await page.getByRole("alert").filter({ hasText: "%" }).first().waitFor();
    await page.locator('[id="income-lines[3].kind"]').selectOption("subsidy");
    await page.locator('[id="income-lines[3].description"]').fill("本年无专项补助");
    await page.locator('[id="income-lines[3].amount"]').fill("0");
    await page.locator('[id="income-lines[3].note"]').fill("本年未获专项补助");
    await page.getByRole("button", { name: "再加一行" }).click();
    await page.locator('[id="income-lines[4].kind"]').selectOption("management");
    await page.locator('[id="income-lines[4].description"]').fill("管理费用");
    await page.locator('[id="income-lines[4].amount"]').fill("0.5万");
    await page.locator('[id="income-lines[4].note"]').fill("精简开支");
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "保存" }).click()]);
    await page.getByRole("button", { name: "提交审核" }).click();
    await page.locator(".badge-submitted").waitFor();
    await snap(page, "income-submitted-1280");
    await expectAccessible(page);
    await ctx.close();

    const townCtx = await newContext(browser, PHONE);
    const townPage = await townCtx.newPage();
    await signIn(townPage, "town-kuandong");
    await open(townPage, `/villages/${HONGHE}/income/2026`);
    await snap(townPage, "income-approve-390");
    await expectAccessible(townPage);
    await townPage.getByRole("button", { name: "审核通过" }).click();
    await townPage.locator(".badge-approved").waitFor();
    await expect(townPage.getByTestId("total-net").textContent()).resolves.toBe("141,000.00 元");
    await snap(townPage, "income-approved-390");
    await expectAccessible(townPage);
    await townCtx.close();
  });
});
