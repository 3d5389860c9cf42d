/**
 * Issue 5's journey in a real browser: sec-honghe draws up 红河村's 2025 distribution and puts it
 * on notice; the notice is printed to PDF (Chromium) and read back; the public page shows masked
 * names. Ten days later (the test shifts the notice's dates in the stopped server's database —
 * the server's clock is the wall clock) the secretary approves, town-kuandong confirms, the rice
 * is handed out, a signature sheet is printed and read back, and member-honghe-1 sees why on a
 * phone. axe-core finds nothing on the pages people use.
 *
 * This file runs its own server (on its own embedded database) so that it can stop it between
 * the two halves.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, open, PHONE, signIn, snap } from "./browser";
import { ownServer, printed } from "./own-server";

const HONGHE = "520323102201";
const RUN = `/villages/${HONGHE}/distributions/2025`;
const SENTENCE =
  "2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；表彰模范示范家庭1,000元；其余按户购买大米，每户15公斤。";
const server = ownServer("distribution", 3900);
let browser: Browser;

async function context(viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.base, viewport, locale: "zh-CN" });
}
/** Clicks a step's button and waits for the page to come back with that step done (?done=intent). */
async function submit(page: Page, button: string, intent: string) {
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get("done") === intent),
    page.getByRole("button", { name: button, exact: true }).click(),
  ]);
  await page.locator("html[data-hydrated]").waitFor();
}

/** Waits until the heading's status badge says `text` (the page re-renders after the URL moved). */
async function statusIs(page: Page, text: string) {
  await page.locator("h1").getByTestId("run-status").filter({ hasText: text }).waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  browser = await launch();
  await server.start();
});
afterAll(async () => {
  await browser?.close();
  await server.dispose();
});

describe("红河村 2025: draft → notice → approval → hand-out", () => {
  let firstHead = "";

  it("the secretary draws up the plan and puts it on notice; the notice prints with masked names", { timeout: 300_000 }, async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, "sec-honghe");
    await open(page, RUN);
    await page.locator("#dist-draft-recordDate").fill("2026-03-01");
    await submit(page, "编制方案", "draft");
    await expect(page.getByTestId("plain-words").textContent()).resolves.toBe(SENTENCE);
    await statusIs(page, "草稿");
    firstHead = (await page.locator(".allocation-table tbody tr").first().locator("td").nth(0).textContent())!;
    expect(firstHead.length).toBeGreaterThanOrEqual(2);
    await snap(page, "distribution-draft-1280");
    await expectAccessible(page);

    await submit(page, "开始公示", "notice");
    await statusIs(page, "公示中");
    await expect(page.getByRole("button", { name: "村支书审核通过" }).isDisabled()).resolves.toBe(true);

    await open(page, `${RUN}/notice`);
    await expectAccessible(page);
    const notice = await printed(page, "distribution-notice");
    expect(notice.text).toContain("红河村2025年度集体收益分配方案公示");
    expect(notice.text).toContain("《绥阳县农村集体经济组织收益分配管理制度(暂行)》");
    expect(notice.text).toContain("42,279.00 元");
    expect(notice.text).toContain("大米 15 公斤");
    expect(notice.text).toContain(`${[...firstHead][0]}*`);
    expect(notice.text).not.toContain(firstHead);
    expect(notice.pages).toBeGreaterThan(5);

    const anonymous = await (await context(PHONE)).newPage();
    await open(anonymous, `/public/villages/${HONGHE}`);
    await expect(anonymous.getByTestId("public-run-2025").textContent()).resolves.toContain("公示中");
    await anonymous.getByText(/各户分配/).click();
    await expect(anonymous.locator('[data-testid="public-run-2025"] details tbody').textContent()).resolves.not.toContain(firstHead);
    await snap(anonymous, "distribution-public-390");
    await expectAccessible(anonymous);
    await ctx.close();
  });

  it(
    "ten days later: approved by the secretary, confirmed by the town, handed out; the signature sheet prints",
    { timeout: 300_000 },
    async () => {
      await server.stop();
      // the notice was posted ten days ago: move its dates, as the clock cannot be moved in a running server
      await server.sql("update distribution_runs set notice_from = notice_from - 10, notice_to = notice_to - 10 where status = 'notice'");
      await server.start();

      const sec = await (await context()).newPage();
      await signIn(sec, "sec-honghe");
      await open(sec, RUN);
      await submit(sec, "村支书审核通过", "approve");
      await expect(sec.getByRole("button", { name: "乡镇确认" }).count()).resolves.toBe(0);
      await snap(sec, "distribution-approved-1280");
      await expectAccessible(sec);

      const town = await (await context()).newPage();
      await signIn(town, "town-kuandong");
      await open(town, RUN);
      await snap(town, "distribution-town-confirm-1280");
      await expectAccessible(town);
      await submit(town, "乡镇确认", "confirm");
      await statusIs(town, "已审核");
      await expectAccessible(town);

      await open(sec, RUN);
      await sec.getByLabel("全部未发放的户").check();
      await sec.getByLabel("凭证号或发放地点").fill("岗上组广场");
      await submit(sec, "登记", "handout");
      await statusIs(sec, "已发放");
      await snap(sec, "distribution-handed-out-1280");
      await expectAccessible(sec);

      await open(sec, `${RUN}/sheets?by=group`);
      await snap(sec, "distribution-sheets-1280");
      await expectAccessible(sec);
      const sheets = await printed(sec, "distribution-sheets-by-group");
      expect(sheets.text).toContain("红河村2025年度分红发放签领表");
      expect(sheets.text).toContain("岗上组");
      expect(sheets.text).toContain("领取人签名");
      expect(sheets.text).toContain(`${firstHead} 大米 15 公斤`);
      expect(sheets.pages).toBeGreaterThanOrEqual(6);
      await open(sec, `${RUN}/sheets?by=leader`);
      // (some fonts give 户 and 长 as other code points in the PDF's text: match around them)
      expect((await printed(sec, "distribution-sheets-by-leader")).text).toMatch(/联.{1,2}长|联.{1,2}⻓/u);
    },
  );

  it("member-honghe-1 sees the household's rice and why, on a phone", async () => {
    const page = await (await context(PHONE)).newPage();
    await signIn(page, "member-honghe-1");
    await open(page, "/me");
    const card = page.getByTestId("dividend-2025");
    await expect(card.textContent()).resolves.toContain("大米 15 公斤");
    await expect(card.textContent()).resolves.toContain(SENTENCE);
    await expect(card.textContent()).resolves.toContain("已发放");
    await snap(page, "me-390");
    await expectAccessible(page);
  });
});
