/**
 * Issue 6's journey in a real browser: bureau-suiyang opens 绥阳县's dashboard at phone and
 * desktop width, finds 红河村's 2025 net income of 14.093万元 in the table and in the ranking
 * chart's data, sees the charts drawn, exports the table, and reads the same figure from the
 * API; bureau-zunyi compares 红河村 with 茶山村. axe-core finds nothing.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launch, newContext, open, PHONE, signIn, snap } from "./browser";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("county dashboard", () => {
  for (const [width, viewport] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    it(`shows 绥阳县 2025 with 红河村's 14.093万元 at ${width} px, charts drawn, accessible`, async () => {
      const ctx = await newContext(browser, viewport);
      const page = await ctx.newPage();
      await signIn(page, "bureau-suiyang");
      await open(page, "/regions/520323000000?year=2025");
      const row = page.locator(`#villages-table tr[data-code="${HONGHE}"]`);
      await expect(row.textContent()).resolves.toContain("14.093万元");
      await expect(page.locator("#chart-ranking-h").locator("..").textContent()).resolves.toContain("14.093万元");
      // the four charts draw on the client inside their fixed boxes, each as it nears the window
      for (let i = 0; i < 4; i++) {
        await page.locator(".chart-box").nth(i).scrollIntoViewIfNeeded();
        await page.locator(".chart-box").nth(i).locator("canvas").waitFor({ timeout: 60_000 });
      }
      await expect(page.locator(".chart-box canvas").count()).resolves.toBe(4);
      await snap(page, `county-dashboard-${width}`);
      await expectAccessible(page);
      await ctx.close();
    });
  }

  it("exports the villages table and gives the same figure through the API", async () => {
    const ctx = await newContext(browser, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, "bureau-suiyang");
    await open(page, "/regions/520323000000?year=2025");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#villages-h").locator("..").getByRole("link", { name: /CSV/ }).click(),
    ]);
    const file = await download.path();
    const { readFileSync } = await import("node:fs");
    const csv = readFileSync(file!, "utf8");
    expect(csv).toContain(`${HONGHE},红河村`);
    expect(csv).toContain(",140930,");
    const api = await page.request.get("/api/v1/regions/520323000000/villages?year=2025");
    expect(api.status()).toBe(200);
    const rows = (await api.json()) as { code: string; netIncomeFen: number }[];
    expect(rows.find((r) => r.code === HONGHE)?.netIncomeFen).toBe(14_093_000);
    await ctx.close();
  });

  it("compares 红河村 with 茶山村 side by side (bureau-zunyi)", async () => {
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await signIn(page, "bureau-zunyi");
    await open(page, `/compare?villages=${HONGHE},${CHASHAN}`);
    await expect(page.locator("#compare-net").textContent()).resolves.toContain("14.093万元");
    await expect(page.locator("#compare-profile").textContent()).resolves.toContain("党支部+合作社+企业+农户");
    await page.locator(".chart-box").scrollIntoViewIfNeeded();
    await page.locator(".chart-box canvas").waitFor({ timeout: 60_000 });
    await snap(page, "compare-390");
    await expectAccessible(page);
    await ctx.close();
  });
});
