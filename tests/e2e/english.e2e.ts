/**
 * Issue 8: every user's pages in English, on a phone. Each user signs in, presses the language
 * switch once, and walks through the pages of their tasks; on every page the document says
 * lang="en", the page's own words (buttons, table headings, labels, legends, navigation) carry
 * no Chinese — only the data may (names of villages and people, documents' titles) — and axe-core
 * finds nothing. Screenshots are kept as artefacts.
 */
import type { Browser, Page } from "playwright-core";
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

const CJK = /[\u3400-\u9fff]/;
/**
 * Chinese that is data, not the interface: place names (…村 / 镇 / 县 / 市 / 省 / 组 / 新区),
 * cooperatives and offices, documents' titles (《…》), quoted examples (“14.093万”) and amounts
 * in 万元.
 */
function isData(text: string): boolean {
  const rest = text
    .replace(/《[^》]*》|“[^”]*”|"[^"]*"/g, "")
    .replace(/[\d.,]+\s*万元?/g, "")
    .replace(/[\u3400-\u9fff]+(村|镇|县|市|省|组|区|新区|合作社|公司|农业农村局|农经站|支书|家庭农场)/g, "")
    .replace(/[\u3400-\u9fff]{1,4}[（(][^）)]*[）)]/g, "");
  return !CJK.test(rest);
}

/** The interface's own words on the page that still hold Chinese (the language switch aside). */
async function chineseInInterface(page: Page): Promise<string[]> {
  const texts = await page
    // the elements that hold only the interface's words (headings and notices also hold names)
    .locator("button, thead th, label, legend, nav a, .eyebrow, summary")
    .evaluateAll((els) => els.filter((e) => !e.closest("[lang]:not(html)")).map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()));
  return [...new Set(texts.filter((t) => CJK.test(t) && !isData(t)))];
}

async function switchToEnglish(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page
    .getByRole("button", { name: /^English$|切换语言/ })
    .first()
    .click();
  await page.locator('html[lang="en"][data-hydrated]').waitFor({ state: "attached" });
}

async function visit(page: Page, url: string, shot: string, width = 390) {
  await open(page, url);
  await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
  expect(await chineseInInterface(page), url).toEqual([]);
  await snap(page, `en-${shot}-${width}`);
  await expectAccessible(page);
}

const journeys: [string, [string, string][]][] = [
  [
    "sec-honghe",
    [
      [`/villages/${HONGHE}`, "village"],
      [`/villages/${HONGHE}/households`, "households"],
      [`/villages/${HONGHE}/members`, "members"],
      [`/villages/${HONGHE}/members/import`, "members-import"],
      [`/villages/${HONGHE}/invites`, "invites"],
      [`/villages/${HONGHE}/shares`, "shares"],
      [`/villages/${HONGHE}/income/2025`, "income"],
      [`/villages/${HONGHE}/distributions/2025`, "distribution"],
    ],
  ],
  ["member-honghe-1", [["/me", "me"]]],
  [
    "town-kuandong",
    [
      [`/regions/520323102000?year=2025`, "town"],
      [`/villages/${HONGHE}/income/2025`, "town-income"],
    ],
  ],
  [
    "bureau-zunyi",
    [
      [`/regions/520323000000?year=2025`, "county"],
      [`/compare?villages=${HONGHE},${CHASHAN}`, "compare"],
    ],
  ],
  [
    "admin",
    [
      ["/admin", "admin"],
      ["/admin/users", "admin-users"],
    ],
  ],
];

describe("in English, on a phone", () => {
  for (const [username, pages] of journeys) {
    it(`${username}: every page of their tasks speaks English`, { timeout: 120_000 }, async () => {
      const ctx = await newContext(browser, PHONE);
      const page = await ctx.newPage();
      await signIn(page, username);
      await switchToEnglish(page);
      for (const [url, shot] of pages) await visit(page, url, shot);
      await ctx.close();
    });
  }

  it("a visitor reads the public village page and the sign-in page in English", async () => {
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.newPage();
    await open(page, "/");
    await switchToEnglish(page);
    await visit(page, "/", "home");
    await visit(page, `/public/villages/${HONGHE}`, "public-village");
    await visit(page, "/login", "login");
    await ctx.close();
  });
});

/** The desktop layout has its own wide tables, filters and charts: the main working pages again at 1280 px. */
const desktopJourneys: [string, [string, string][]][] = [
  [
    "sec-honghe",
    [
      [`/villages/${HONGHE}/income/2025`, "income"],
      [`/villages/${HONGHE}/distributions/2025`, "distribution"],
      [`/villages/${HONGHE}/shares`, "shares"],
    ],
  ],
  ["bureau-suiyang", [[`/regions/520323000000?year=2025`, "county"]]],
  ["town-kuandong", [[`/regions/520323102000?year=2025`, "town"]]],
];

describe("in English, on a desktop", () => {
  for (const [username, pages] of desktopJourneys) {
    it(`${username}: the working pages speak English at 1280 px`, { timeout: 120_000 }, async () => {
      const ctx = await newContext(browser, DESKTOP);
      const page = await ctx.newPage();
      await signIn(page, username);
      await switchToEnglish(page);
      for (const [url, shot] of pages) await visit(page, url, shot, 1280);
      await ctx.close();
    });
  }
});
