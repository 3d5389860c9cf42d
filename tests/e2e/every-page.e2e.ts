/**
 * Issue 8's measure "axe-core: zero violations on every page": each demo user's pages — and the
 * ones no journey visits (account, administration, rules, share register and its import, a 404)
 * — at phone (390 px) and desktop (1280 px) width. Each page answers below 400 (the 404 page
 * 404), nothing runs wider than a phone's window, axe-core finds nothing, and a screenshot is kept.
 * Only reads: nothing here changes the data other files rely on.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, hydrated, launch, newContext, PHONE, signIn, snap } from "./browser";

const HONGHE = "520323102201";
/** an 18-character 居民身份证号 anywhere in a page (its text, its attributes, the loader data it carries) */
const FULL_ID = /(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX](?![\dA-Za-z])/;
const CHASHAN = "520304101201";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** a page to visit: its URL, a name for its screenshot, the status it should answer */
type Stop = { url: string | ((page: Page) => Promise<string>); shot: string; status?: number };

/** the first user the administrator may manage, as the users' list links to it */
async function firstManagedUser(page: Page): Promise<string> {
  await page.goto("/admin/users");
  const href = await page.locator('main a[href^="/admin/users/"]:not([href$="/new"])').first().getAttribute("href");
  expect(href).toMatch(/^\/admin\/users\/[\w-]+$/);
  return href!;
}

/** the first person the member register lists, as it links to them */
async function firstMember(page: Page): Promise<string> {
  await page.goto(`/villages/${HONGHE}/members`);
  const href = await page.locator(`table a[href^="/villages/${HONGHE}/members/"]`).first().getAttribute("href");
  expect(href).toMatch(/^\/villages\/\d{12}\/members\/\d+$/);
  return href!;
}

const tours: [string | null, Stop[]][] = [
  [
    null,
    [
      { url: "/", shot: "home" },
      { url: "/login", shot: "login" },
      { url: `/public/villages/${HONGHE}`, shot: "public-village" },
      { url: "/join", shot: "join" },
      { url: "/no-such-page", shot: "not-found", status: 404 },
    ],
  ],
  [
    "admin",
    [
      { url: "/admin", shot: "admin" },
      { url: "/admin/users", shot: "admin-users" },
      { url: "/admin/users/new", shot: "admin-users-new" },
      { url: firstManagedUser, shot: "admin-user" },
      { url: "/admin/audit", shot: "admin-audit" },
      { url: "/admin/rules", shot: "admin-rules" },
      { url: "/admin/industries", shot: "admin-industries" },
      { url: "/admin/notifications", shot: "admin-notifications" },
      { url: "/account/password", shot: "account-password" },
    ],
  ],
  [
    "bureau-suiyang",
    [
      { url: "/regions/520323000000?year=2025", shot: "county" },
      { url: "/regions/520323000000/rules", shot: "county-rules" },
      { url: `/villages/${HONGHE}/income/2025`, shot: "bureau-income" },
      { url: "/no-such-page", shot: "not-found-signed-in", status: 404 },
    ],
  ],
  [
    "bureau-zunyi",
    [
      { url: "/regions/520300000000?year=2025", shot: "city" },
      { url: `/compare?villages=${HONGHE},${CHASHAN}`, shot: "compare" },
    ],
  ],
  [
    "town-kuandong",
    [
      { url: "/regions/520323102000?year=2025", shot: "town" },
      { url: `/villages/${HONGHE}/income/2025`, shot: "town-income" },
      { url: `/villages/${HONGHE}/distributions/2025`, shot: "town-distribution" },
      { url: `/villages/${HONGHE}/members`, shot: "town-members" },
      { url: `/villages/${HONGHE}/invites`, shot: "town-invites" },
    ],
  ],
  [
    "sec-honghe",
    [
      { url: `/villages/${HONGHE}`, shot: "village" },
      { url: `/villages/${HONGHE}/households`, shot: "households" },
      { url: `/villages/${HONGHE}/households/H0001`, shot: "household" },
      { url: `/villages/${HONGHE}/households/import`, shot: "households-import" },
      { url: `/villages/${HONGHE}/members`, shot: "members" },
      { url: firstMember, shot: "member" },
      { url: `/villages/${HONGHE}/shares`, shot: "shares" },
      { url: `/villages/${HONGHE}/shares/import`, shot: "shares-import" },
      { url: `/villages/${HONGHE}/members/import`, shot: "members-import" },
      { url: `/villages/${HONGHE}/members/print`, shot: "members-print" },
      { url: `/villages/${HONGHE}/invites`, shot: "invites" },
      { url: `/villages/${HONGHE}/income/2025`, shot: "income" },
      { url: `/villages/${HONGHE}/distributions/2025`, shot: "distribution" },
      { url: `/villages/${HONGHE}/rules`, shot: "village-rules" },
      { url: "/account/password", shot: "secretary-password" },
    ],
  ],
  ["member-honghe-1", [{ url: "/me", shot: "me" }]],
];

describe("every page, at phone and desktop width", () => {
  for (const [username, stops] of tours) {
    for (const [width, viewport] of [
      ["390", PHONE],
      ["1280", DESKTOP],
    ] as const) {
      it(`${username ?? "a visitor"} at ${width} px: status, no sideways overflow, axe clean`, { timeout: 180_000 }, async () => {
        const ctx = await newContext(browser, viewport);
        const page = await ctx.newPage();
        if (username) await signIn(page, username);
        for (const stop of stops) {
          const url = typeof stop.url === "string" ? stop.url : await stop.url(page);
          const response = await page.goto(url);
          // an error page is the root's error boundary, which does not mark hydration: wait for its heading
          if (stop.status) await page.locator("main h1").waitFor();
          else await hydrated(page);
          const status = response?.status() ?? 0;
          if (stop.status) expect(status, url).toBe(stop.status);
          else expect(status, url).toBeLessThan(400);
          // a signed-in user must not have been sent back to the sign-in page
          if (username) expect(new URL(page.url()).pathname, url).not.toBe("/login");
          if (viewport === PHONE) {
            const { scroll, inner } = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              inner: window.innerWidth,
            }));
            expect(scroll, `${url} is wider than the phone`).toBeLessThanOrEqual(inner + 1);
          }
          // no page shows a full ID number (the secretary reveals one only by asking, on the person's edit form), in its text or in its data
          expect(await page.content(), `${url} shows a full ID number`).not.toMatch(FULL_ID);
          await snap(page, `page-${stop.shot}-${width}`);
          await expectAccessible(page);
        }
        await ctx.close();
      });
    }
  }
});
