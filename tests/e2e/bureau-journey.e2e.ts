/**
 * Issue 8's bureau journey in one go, as bureau-suiyang on a desktop: 绥阳县's dashboard shows
 * 红河村's 2025 net income of 14.093万元; ticking 红河村 and a second village in the dashboard's
 * compare form opens the comparison; its table downloads as CSV with 红河村's figure; the
 * dashboard's villages table downloads as Excel with the same figure; the dashboard prints on A4
 * with the figure and without the navigation. axe-core finds nothing; a screenshot at each step.
 *
 * The demo data holds one village per county, and a comparison needs two: this file runs its own
 * server and adds a second 绥阳县 village (no figures yet) to its database before the journey.
 */
import { readFileSync } from "node:fs";
import type { Browser, Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, open, signIn, snap } from "./browser";
import { ownServer, printed } from "./own-server";

const HONGHE = "520323102201";
const OTHER = "520323102299";
const server = ownServer("bureau", 4000);
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  await server.start(); // migrates and seeds the demo villages
  await server.stop();
  await server.sql(`
    insert into regions (code, name, level, parent_code, code_illustrative, note)
      values ('${OTHER}', '对照村', 'village', '520323102000', true, 'browser test');
    insert into villages (code, town_code, county_code, city_code, province_code, source, is_demo)
      values ('${OTHER}', '520323102000', '520323000000', '520300000000', '520000000000', '示例数据 / browser test', true);
  `);
  await server.start();
});
afterAll(async () => {
  await browser?.close();
  await server.dispose();
});

async function saved(download: Download): Promise<string> {
  const file = await download.path();
  expect(file).toBeTruthy();
  return file!;
}

describe("bureau-suiyang: dashboard → compare → export → print", () => {
  it(
    "finds 红河村's 14.093万元, compares it by the dashboard's form, exports both tables and prints the dashboard",
    { timeout: 240_000 },
    async () => {
      const ctx = await browser.newContext({ baseURL: server.base, viewport: DESKTOP, locale: "zh-CN", acceptDownloads: true });
      const page = await ctx.newPage();
      await signIn(page, "bureau-suiyang");
      const dashboard = "/regions/520323000000?year=2025";
      await open(page, dashboard);

      // 1. the dashboard: 红河村's net income as displayed
      const row = page.locator(`#villages-table tr[data-code="${HONGHE}"]`);
      await expect(row.textContent()).resolves.toContain("14.093万元");
      await page.locator(`#villages-table tr[data-code="${OTHER}"]`).waitFor();
      await snap(page, "bureau-1-dashboard-1280");
      await expectAccessible(page);

      // 2. tick the two villages and press the form's button (not a typed URL)
      await page.getByRole("checkbox", { name: "选择红河村" }).check();
      await page.getByRole("checkbox", { name: "选择对照村" }).check();
      await snap(page, "bureau-2-ticked-1280");
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/compare" && u.searchParams.has("villages")),
        page.getByRole("button", { name: "对比所选村" }).click(),
      ]);
      await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      expect(new URL(page.url()).searchParams.get("villages")?.split(",").sort()).toEqual([HONGHE, OTHER]);
      await expect(page.locator("#compare-net").textContent()).resolves.toContain("14.093万元");
      await expect(page.locator("#compare-net thead").textContent()).resolves.toContain("对照村");
      // the chart draws (对照村 has no approved year: a gap in its line, not a line along zero)
      await page.locator(".chart-box").scrollIntoViewIfNeeded();
      await page.locator(".chart-box canvas").waitFor({ timeout: 60_000 });
      await snap(page, "bureau-3-compare-1280");
      await expectAccessible(page);

      // 3. the comparison as CSV: 红河村's 2025 row carries 140,930 元
      const [compareCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV", exact: true }).click()]);
      expect(compareCsv.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync(await saved(compareCsv), "utf8");
      const hongheLine = csv.split(/\r?\n/).find((l) => l.startsWith(`${HONGHE},红河村,`) && l.includes(",2025,"));
      expect(hongheLine, csv).toBeTruthy();
      expect(hongheLine!.split(",")).toContain("140930");
      await snap(page, "bureau-4-compare-exported-1280");

      // 4. back on the dashboard: the villages table as Excel
      await open(page, dashboard);
      const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出“各村”为 Excel" }).click()]);
      expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
      const ExcelJS = (await import("exceljs")).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await saved(xlsx));
      const rows: unknown[][] = [];
      book.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      const honghe = rows.find((r) => r.includes("红河村"));
      expect(honghe, JSON.stringify(rows.slice(0, 3))).toBeTruthy();
      expect(honghe!.map((c) => (typeof c === "object" && c && "result" in c ? (c as { result: unknown }).result : c))).toContain(140930);
      await snap(page, "bureau-5-dashboard-exported-1280");

      // 5. printed on A4: the figure is there, the site's navigation, filters and buttons are not
      for (let i = 0; i < (await page.locator(".chart-box").count()); i++) {
        await page.locator(".chart-box").nth(i).scrollIntoViewIfNeeded();
        await page.locator(".chart-box").nth(i).locator("canvas").waitFor({ timeout: 60_000 });
      }
      await page.emulateMedia({ media: "print" });
      await snap(page, "bureau-6-print-preview-1280");
      const pdf = await printed(page, "bureau-dashboard-print");
      await page.emulateMedia({ media: "screen" });
      expect(pdf.text).toContain("14.093万元");
      expect(pdf.text).toContain("红河村");
      for (const word of ["跳到正文", "退出", "修改密码", "English", "对比所选村", "清除筛选", "打印"])
        expect(pdf.text, word).not.toContain(word);
      await ctx.close();
    },
  );
});
