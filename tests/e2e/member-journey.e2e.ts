/**
 * Issue 13's journey in a real browser, at a phone's width: sec-honghe prints invitation slips for
 * 岗上组 to PDF; the test reads a slip's QR code back from the PDF's rendered page (and its short
 * code from the PDF's text); a new member opens the code's link with scripts off (WeChat's
 * browser may run none), chooses a password and lands on /me with the household's persons, ID
 * numbers masked. The secretary puts 红河村's 2025 plan on notice; the member objects on /me;
 * the secretary answers on the run page; the member reads the answer.
 *
 * Its own server (its own embedded database): the notice and the new account change the data.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeQrFromPng } from "../qr";
import { ARTIFACTS, expectAccessible, launch, open, PHONE, signIn, snap } from "./browser";
import { ownServer } from "./own-server";

const HONGHE = "520323102201";
const RUN = `/villages/${HONGHE}/distributions/2025`;
const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;
const PASSWORD = "yinghua-2026-tea";
const OBJECTION = "我户2024年新增一名成员，方案里的人口数不对，请核实。";
const ANSWER = "已核实：本方案按户分配大米，与人口数无关；成员名册已更新。";
const server = ownServer("members", 4000);
let browser: Browser;

async function context(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.base, viewport: PHONE, locale: "zh-CN", ...options });
}

/** a PNG's part, for reading one QR code at a time */
function crop(png: PNG, x: number, y: number, w: number, h: number): Buffer {
  const out = new PNG({ width: w, height: h });
  PNG.bitblt(png, out, x, y, w, h, 0, 0);
  return PNG.sync.write(out);
}

/** every QR code on the PDF's first page, rendered at 150 dpi by poppler and read tile by tile */
function qrCodesOnFirstPage(pdf: Buffer): Set<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "vl-qr-"));
  try {
    writeFileSync(path.join(dir, "slips.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", "150", "-f", "1", "-l", "1", "-png", path.join(dir, "slips.pdf"), path.join(dir, "page")]);
    const file = readdirSync(dir).find((f) => f.endsWith(".png"))!;
    const png = PNG.sync.read(readFileSync(path.join(dir, file)));
    const found = new Set<string>();
    // tiles of half the width and a quarter of the height, moved by half a tile: each slip's code lies whole in one
    const [w, h] = [Math.floor(png.width / 2), Math.floor(png.height / 4)];
    for (let y = 0; y + h <= png.height; y += Math.floor(h / 2))
      for (let x = 0; x + w <= png.width; x += Math.floor(w / 2)) {
        const text = decodeQrFromPng(crop(png, x, y, w, h));
        if (text) found.add(text);
      }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Clicks a step's button on the run page and waits for the page to come back with that step done. */
async function step(page: Page, button: string, intent: string) {
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get("done") === intent),
    page.getByRole("button", { name: button, exact: true }).click(),
  ]);
  await page.locator("html[data-hydrated]").waitFor();
}

beforeAll(async () => {
  browser = await launch();
  await server.start();
});
afterAll(async () => {
  await browser?.close();
  await server.dispose();
});

describe("a member household joins from a paper slip and objects during the notice", () => {
  let link = "";
  let username = "";

  it("the secretary prints slips for 岗上组: the PDF holds QR codes and the short codes", { timeout: 300_000 }, async () => {
    const sec = await (await context()).newPage();
    await signIn(sec, "sec-honghe");
    await open(sec, `/villages/${HONGHE}/members`);
    await expect(sec.locator("h1").textContent()).resolves.toBe("成员名册");
    await expect(sec.locator("main").textContent()).resolves.toMatch(/5203\*{10}[\dX]{4}/);
    await snap(sec, "members-register-390");
    await expectAccessible(sec);

    await open(sec, `/villages/${HONGHE}/invites`);
    const group = sec.getByLabel("村民组", { exact: true });
    await group.selectOption({ label: (await group.locator("option", { hasText: "岗上组" }).first().textContent())! });
    await Promise.all([sec.locator(".slips").waitFor(), sec.getByRole("button", { name: "为该组生成邀请纸条" }).click()]);
    const slips = await sec.locator(".slip").count();
    expect(slips).toBeGreaterThan(10);
    await snap(sec, "invite-slips-390");
    await expectAccessible(sec);

    const pdf = await sec.pdf({ format: "A4", printBackground: false });
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
    let text = "";
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((it) => ("str" in it ? it.str : "")).join("") + "\n";
    }
    writeFileSync(path.join(ARTIFACTS, "invite-slips.pdf"), pdf);
    writeFileSync(path.join(ARTIFACTS, "invite-slips.txt"), text);
    // the code is printed large and letter-spaced ("8 D Y 4 Q A G 5"): read what stands between its label and the expiry
    const printedCodes = [...new Set([...text.matchAll(/邀请码([\dA-Z ]+?)有效期/g)].map((m) => m[1]!.replaceAll(" ", "")))];
    for (const code of printedCodes) expect(code).toMatch(CODE);
    expect(printedCodes).toHaveLength(slips);

    const qr = [...qrCodesOnFirstPage(Buffer.from(pdf))];
    expect(qr.length).toBeGreaterThanOrEqual(4);
    for (const url of qr) {
      expect(url).toMatch(/\/join\/[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      const code = url.slice(-8);
      // the code under the QR code is the one in its link
      expect(printedCodes).toContain(code);
    }
    link = new URL(qr[0]!).pathname;
    await sec.context().close();
  });

  it(
    "a new member opens the slip's link with scripts off, chooses a password and sees the household on /me",
    { timeout: 300_000 },
    async () => {
      const ctx = await context({ javaScriptEnabled: false });
      const phone = await ctx.newPage();
      // a code nobody was given: a clear message
      await phone.goto("/join");
      await phone.getByLabel("邀请码").fill("abcd 2345");
      await phone.getByRole("button", { name: "下一步" }).click();
      await expect(phone.locator("main").textContent()).resolves.toContain("没有这个邀请码");

      await phone.goto(link);
      const go = phone.getByRole("button", { name: "继续" });
      if (await go.count()) await Promise.all([phone.waitForLoadState(), go.click()]);
      await phone.getByLabel("设置密码").fill(PASSWORD);
      await phone.getByLabel("再次输入密码").fill(PASSWORD);
      await Promise.all([phone.waitForURL((u) => u.pathname === "/me"), phone.getByRole("button", { name: "开通账户" }).click()]);
      const me = (await phone.locator("main").textContent())!;
      username = /您的用户名是 (\S+?)，/.exec(me)?.[1] ?? "";
      expect(username).toMatch(/^520323102201-h\d{4}/);
      expect(me).toMatch(/5203\*{10}[\dX]{4}/);
      expect(me).not.toMatch(/\d{17}[\dX]/);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await snap(phone, "member-joined-me-390");
      // the slip cannot open a second account
      await ctx.clearCookies();
      await phone.goto(link);
      await expect(phone.locator("main").textContent()).resolves.toContain("这个邀请码已经用过");
      await ctx.close();
    },
  );

  it("during 红河村's notice the member objects, the secretary answers, the member reads the answer", { timeout: 300_000 }, async () => {
    const sec = await (await context()).newPage();
    await signIn(sec, "sec-honghe");
    await open(sec, RUN);
    await sec.locator("#dist-draft-recordDate").fill("2026-03-01");
    await step(sec, "编制方案", "draft");
    await step(sec, "开始公示", "notice");

    const member = await (await context()).newPage();
    await signIn(member, username, PASSWORD);
    await open(member, "/me");
    await member.getByLabel("对分配方案提出异议").fill(OBJECTION);
    await Promise.all([member.getByTestId("my-objection").waitFor(), member.getByRole("button", { name: "提交异议" }).click()]);
    await expect(member.getByTestId("my-objection").textContent()).resolves.toContain(OBJECTION);
    await snap(member, "member-objection-390");
    await expectAccessible(member);

    await open(sec, RUN);
    const raised = sec.locator(".objections li", { hasText: OBJECTION });
    await raised.getByLabel("答复").fill(ANSWER);
    await Promise.all([
      sec.waitForURL((u) => u.searchParams.get("done") === "answer"),
      raised.getByRole("button", { name: "保存答复" }).click(),
    ]);
    await sec.context().close();

    await open(member, "/me");
    await expect(member.getByTestId("my-objection").textContent()).resolves.toContain(`村里的答复：${ANSWER}`);
    await snap(member, "member-objection-answered-390");
    await member.context().close();
  });
});
