/**
 * The member import page and the printed register, rendered with what their loaders and actions
 * really answer, in both languages: one heading, labelled controls, tables with their headers'
 * scopes in a named scrolling region, a refused preview announced with its lines, the signature
 * block, and no full ID number anywhere. (axe-core runs over both pages in the browser tests:
 * tests/e2e/every-page.e2e.ts.)
 */
import { createElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@db/client.server";
import { makeIdNumber, maskIdNumber } from "~/domain/members";
import { createHousehold } from "~/models/households.server";
import { resetEnvForTests } from "~/utils/env.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { renderPage } from "../../tests/render-page";
import { bodyOf, get, postFile, postForm } from "../../tests/registers";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 9).toString("base64");
resetEnvForTests();

const importPage = await import("./villages.$code.members_.import");
const printPage = await import("./villages.$code.members_.print");

const HONGHE = "520323102201";
const base = `/villages/${HONGHE}/members`;
const p = { code: HONGHE };
const HEADER = "户号,姓名,与户主关系,性别,出生日期,身份证号,手机号,同意短信,确认日期,确认依据,确认决议";
const ID = makeIdNumber("653102", "1966-04-04", 13);
let sec: string;

beforeAll(async () => {
  await seededDatabase();
  sec = await cookieFor("sec-honghe");
  const db = await getDb();
  await createHousehold({
    db,
    villageCode: HONGHE,
    input: { code: "AY01", headName: "无障碍", groupId: null, leaderId: null, flags: [], joinedOn: "2018-01-01", phone: null },
    actor: "system",
  });
  const preview = bodyOf<{ token: string }>(
    await postFile(importPage.action, `${base}/import`, p, sec, {
      name: "a.csv",
      content: `${HEADER}\nAY01,安一,户主,男,1966-04-04,${ID},,,2019-06-01,改革时已确认,2019年成员大会决议\nAY01,安二,配偶,女,1968-01-01,,,,2019-06-01,婚姻迁入,2019年成员大会决议`,
    }),
  );
  await postForm(importPage.action, `${base}/import`, p, sec, { intent: "commit", token: preview.token });
});

/** what every page must get right, whatever its language */
function common(html: string) {
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  expect(html).not.toMatch(/\bfiling\.[a-z]/);
  expect(html).not.toContain(ID);
  for (const th of html.match(/<th\b[^>]*>/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
  // every control has a label: by for=, or around it
  for (const input of html.match(/<input\b[^>]*>/g) ?? []) {
    if (/type="hidden"/.test(input)) continue;
    const id = /\bid="([^"]+)"/.exec(input)?.[1];
    const labelled = (id && html.includes(`for="${id}"`)) || new RegExp(`<label>(?:(?!</label>).)*${escape(input)}`).test(html);
    expect(labelled, input).toBe(true);
  }
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the printed member register", () => {
  it("has its header, a named table of masked numbers and the signature block, in Chinese and English", async () => {
    const data = await get(printPage.loader, `${base}/print?on=2026-01-01`, p, sec);
    const zh = renderPage(createElement(printPage.default), data, undefined, "zh-CN");
    common(zh);
    expect(zh).toContain("农村集体经济组织成员名册");
    expect(zh).toMatch(
      /role="region"[^>]*aria-label="成员名册（表格，可左右滚动）"|aria-label="成员名册（表格，可左右滚动）"[^>]*role="region"/,
    );
    expect(zh).toContain(maskIdNumber(ID));
    for (const s of [
      "制表人",
      "审核人",
      "村集体经济组织（盖章）",
      "报乡镇人民政府备案",
      "报县级人民政府农业农村主管部门备案",
      "____年__月__日",
    ])
      expect(zh, s).toContain(s);
    expect(zh).toContain('aria-label="签章"');
    const en = renderPage(createElement(printPage.default), data, undefined, "en");
    common(en);
    for (const s of ["Register of the rural collective", "Prepared by", "Reviewed by", "Date of birth", "Head", "Confirmed at the reform"])
      expect(en, s).toContain(s);
  });

  it("says so when nobody is on the register on the date", async () => {
    const data = await get(printPage.loader, `${base}/print?on=1990-01-01`, p, sec);
    const html = renderPage(createElement(printPage.default), data, undefined, "zh-CN");
    common(html);
    expect(html).toContain("该日期的名册中没有人员");
    expect(html).not.toContain("<table");
  });
});

describe("the member import page", () => {
  it("labels its file input and announces a refused preview with its lines", async () => {
    const loaderData = await get(importPage.loader, `${base}/import`, p, sec);
    const refused = bodyOf(
      await postFile(importPage.action, `${base}/import`, p, sec, {
        name: "b.csv",
        content: `${HEADER}\nAY01,重复,户主,男,1966-04-04,${ID},,,2019-06-01,出生,决议`,
      }),
    );
    for (const lang of ["zh-CN", "en"]) {
      const html = renderPage(createElement(importPage.default), loaderData, refused, lang);
      common(html);
      expect(html).toMatch(/<label for="file">/);
      expect(html).toMatch(/role="alert"/);
      expect(html).toContain(lang === "en" ? "Line 2:" : "第2行：");
      expect(html).toContain(maskIdNumber(ID));
    }
  });

  it("shows the town its read-only note, and no form", async () => {
    const town = await cookieFor("town-kuandong");
    const html = renderPage(createElement(importPage.default), await get(importPage.loader, `${base}/import`, p, town), undefined);
    common(html);
    expect(html).not.toContain('type="file"');
  });
});
