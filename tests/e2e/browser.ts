import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");

export function baseUrl() {
  return inject("baseUrl");
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl(), viewport, locale: "zh-CN" });
}

/** Opens a page and waits until React has hydrated it (root.tsx marks <html data-hydrated>). */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/**
 * Waits for React to hydrate the page. On a loaded machine a page's scripts have now and then not
 * arrived (a build replaced while the server ran): then the page is loaded once more before failing.
 */
export async function hydrated(page: Page) {
  const marker = page.locator("html[data-hydrated]");
  try {
    await marker.waitFor({ state: "attached", timeout: 20_000 });
  } catch {
    console.warn(`not hydrated after 20 s, reloading: ${page.url()}`);
    await page.reload();
    await marker.waitFor({ state: "attached", timeout: 40_000 });
  }
}

export async function signIn(page: Page, username: string, password = "cunji-demo-2026") {
  await open(page, "/login");
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: /登录|Sign in/ }).click()]);
}

/** A screenshot kept as a test artefact (tests/e2e/artifacts/). */
export async function snap(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is now: no violations allowed. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
  expect(summary, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}
