/**
 * The rule pages refuse input the database would (a NUL, a file where text goes, NaN, numbers
 * past what a column holds, an impossible date) and query parameters that are no id: each is a
 * 400 with the field's message in both languages, and nothing is written. Found by an outside
 * fuzz, where `/regions/520323000000/rules?from=0.5` (and 1e309, 5203231022010) was a 500.
 */
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, distributionRules } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { langCookie } from "~/utils/lang.server";
import { loader as adminLoader } from "./admin.rules";
import { action as countyAction, loader as countyLoader } from "./regions.$code_.rules";
import { action as villageAction, loader as villageLoader } from "./villages.$code_.rules";

const SUIYANG = "520323000000";
const HONGHE = "520323102201";

let database: Database;
let bureau: string, sec: string, admin: string, english: string;
beforeAll(async () => {
  database = await seededDatabase();
  [bureau, sec, admin] = await Promise.all(["bureau-suiyang", "sec-honghe", "admin"].map(cookieFor));
  english = `${bureau}; ${(await langCookie.serialize("en")).split(";")[0]}`;
});

async function written() {
  const n = async (table: typeof auditLog | typeof distributionRules) =>
    Number((await database.db.select({ n: count() }).from(table))[0].n);
  return { audit: await n(auditLog), rules: await n(distributionRules) };
}

const rule = {
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度》",
  name: "提取40%分红",
  validFrom: "2027-01-01",
  dividendPercent: "40",
  "split.households": "100",
};

function post(fn: typeof countyAction, url: string, cookie: string, form: Record<string, string | File>, params: Record<string, string>) {
  const files = Object.values(form).some((v) => v instanceof File);
  const body = files ? new FormData() : new URLSearchParams();
  for (const [k, v] of Object.entries(form)) body.append(k, v as string);
  const headers: Record<string, string> = { Cookie: cookie, Origin: "http://localhost:3000" };
  if (!files) headers["Content-Type"] = "application/x-www-form-urlencoded";
  return call(fn, new Request(`http://localhost:3000${url}`, { method: "POST", headers, body }), params);
}

describe("the rule pages' query parameters", () => {
  it("?from= that is no version id is a 400 naming it, in the reader's language; a version of elsewhere is ignored", async () => {
    for (const from of ["0.5", "1e309", "5203231022010", "abc", "-3"]) {
      const zh = (await call(countyLoader, makeRequest(`/regions/${SUIYANG}/rules?from=${from}`, { cookie: bureau }), {
        code: SUIYANG,
      })) as Response;
      expect(zh.status, from).toBe(400);
      expect(await zh.text(), from).toBe("from: 没有这个规则版本");
      const en = (await call(countyLoader, makeRequest(`/regions/${SUIYANG}/rules?from=${from}`, { cookie: english }), {
        code: SUIYANG,
      })) as Response;
      expect(await en.text(), from).toBe("from: No such rule version");
      const village = (await call(villageLoader, makeRequest(`/villages/${HONGHE}/rules?from=${from}`, { cookie: sec }), {
        code: HONGHE,
      })) as Response;
      expect(village.status, from).toBe(400);
    }
    const unknown = (await call(countyLoader, makeRequest(`/regions/${SUIYANG}/rules?from=2147483647`, { cookie: bureau }), {
      code: SUIYANG,
    })) as { startValues: { dividendPercent?: string } };
    expect(unknown.startValues.dividendPercent).toBe("30");
  });

  it("?village= that is no region code and ?key= with a NUL are 400s; a village not listed is the first", async () => {
    const bad = (await call(countyLoader, makeRequest(`/regions/${SUIYANG}/rules?village=x`, { cookie: english }), {
      code: SUIYANG,
    })) as Response;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("village: A region code has 12 digits");
    expect(statusOf(await call(adminLoader, makeRequest(`/admin/rules?key=${encodeURIComponent("a\u0000")}`, { cookie: admin }), {}))).toBe(
      400,
    );
    const other = (await call(countyLoader, makeRequest(`/regions/${SUIYANG}/rules?village=520304101201`, { cookie: bureau }), {
      code: SUIYANG,
    })) as { villageCode: string | null };
    expect(other.villageCode).toBe(HONGHE);
  });
});

describe("the rule form", () => {
  it("a NUL, a file, NaN and 1e309 are each the field's 400 in both languages; nothing written", async () => {
    const before = await written();
    const r = await post(
      countyAction,
      `/regions/${SUIYANG}/rules`,
      bureau,
      {
        ...rule,
        documentTitle: "《规则》\u0000",
        name: new File(["x"], "name.txt"),
        noticeDays: "1e309",
        dividendPercent: "NaN",
        "extractions[0].name": "公积公益金",
        "extractions[0].percent": "1e309",
        "rewards[0].title": "模范",
        "rewards[0].amount": "NaN",
        "split.shares": "NaN",
        validFrom: "2026-02-30",
      },
      { code: SUIYANG },
    );
    expect(statusOf(r)).toBe(400);
    const errors = errorsOf(r);
    expect(errors).toEqual({
      documentTitle: { zh: "不能包含控制字符", en: "Control characters are not allowed" },
      name: { zh: "请填写文字", en: "Enter text" },
    });
    // with text where text goes, every field's own message at once
    const r2 = await post(
      countyAction,
      `/regions/${SUIYANG}/rules`,
      bureau,
      {
        ...rule,
        noticeDays: "1e309",
        dividendPercent: "NaN",
        "extractions[0].name": "公积公益金",
        "extractions[0].percent": "1e309",
        "rewards[0].title": "模范",
        "rewards[0].amount": "NaN",
        "split.shares": "NaN",
        validFrom: "2026-02-30",
      },
      { code: SUIYANG },
    );
    expect(errorsOf(r2)).toEqual({
      noticeDays: { zh: "公示天数应为1到90之间的整数", en: "Notice days: a whole number from 1 to 90" },
      dividendPercent: { zh: "应为0到100之间的数，最多4位小数", en: "A number from 0 to 100 with at most 4 decimals" },
      "extractions[0].percent": { zh: "应为0到100之间的数，最多4位小数", en: "A number from 0 to 100 with at most 4 decimals" },
      "rewards[0].amount": { zh: "请填写金额（元），如 500 或 1,000.50", en: "Enter an amount in yuan, e.g. 500 or 1,000.50" },
      "split.shares": { zh: "应为0到100之间的整数", en: "A whole number from 0 to 100" },
      validFrom: { zh: "请填写日期，如 2026-01-01", en: "Enter a date, e.g. 2026-01-01" },
    });
    const rows = await post(
      villageAction,
      `/villages/${HONGHE}/rules`,
      sec,
      { ...rule, documentTitle: "   ", "extractions[5].name": "多出的行" },
      { code: HONGHE },
    );
    expect(errorsOf(rows)).toEqual({
      extractions: { zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" },
    });
    const blank = await post(villageAction, `/villages/${HONGHE}/rules`, sec, { ...rule, documentTitle: "   " }, { code: HONGHE });
    expect(errorsOf(blank)).toEqual({ documentTitle: { zh: "请填写此项", en: "Please fill this in" } });
    expect(await written()).toEqual(before);
  });
});
