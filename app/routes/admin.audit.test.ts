import type { Message } from "~/i18n/message";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { writeAudit } from "~/utils/audit.server";
import { setNowForTests } from "~/utils/clock.server";
import { loader } from "./admin.audit";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";

type Page = {
  rows: { action: string; villageName: string | null; actorName: string; at: string }[];
  total: number;
  pages: number;
  filter: unknown;
};

let auditRows: () => Promise<number>;
beforeAll(async () => {
  const { db } = await seededDatabase();
  auditRows = async () => Number((await db.select({ n: count() }).from(auditLog))[0].n);
  // 60 rows for 红河村 on 1 May, 3 for 茶山村 on 2 May, 2 with no village on 3 May (China time)
  const at = (iso: string) => setNowForTests(new Date(iso));
  await db.transaction(async (tx) => {
    at("2026-05-01T02:00:00Z");
    for (let i = 0; i < 60; i++) {
      await writeAudit(tx, {
        actor: { id: "demo-sec-honghe", username: "sec-honghe" },
        action: "household.update",
        entity: "household",
        entityId: i,
        villageCode: HONGHE,
      });
    }
    at("2026-05-02T02:00:00Z");
    for (let i = 0; i < 3; i++) {
      await writeAudit(tx, {
        actor: { id: "demo-sec-chashan", username: "sec-chashan" },
        action: "household.create",
        entity: "household",
        entityId: i,
        villageCode: CHASHAN,
      });
    }
    at("2026-05-02T23:00:00Z"); // 3 May 07:00 in China
    for (let i = 0; i < 2; i++) {
      await writeAudit(tx, {
        actor: { id: "demo-admin", username: "admin" },
        action: "user.create",
        entity: "user",
        entityId: `u${i}`,
        villageCode: null,
      });
    }
  });
  setNowForTests(null);
});

async function page(as: string, query = "") {
  return (await call(loader, makeRequest(`/admin/audit${query}`, { cookie: await cookieFor(as) }))) as unknown;
}

describe("/admin/audit", () => {
  it("shows admins everything, newest first, 50 a page", async () => {
    const first = (await page("admin")) as Page;
    expect(first.total).toBe(65);
    expect(first.pages).toBe(2);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]).toMatchObject({ action: "user.create", villageName: null });
    const second = (await page("admin", "?page=2")) as Page;
    expect(second.rows).toHaveLength(15);
    expect(second.rows.every((r) => r.villageName === "红河村")).toBe(true);
  });

  it("shows a bureau only its own villages' rows", async () => {
    const suiyang = (await page("bureau-suiyang")) as Page;
    expect(suiyang.total).toBe(60);
    expect(new Set(suiyang.rows.map((r) => r.villageName))).toEqual(new Set(["红河村"]));
    const zunyi = (await page("bureau-zunyi", `?village=${CHASHAN}`)) as Page;
    expect(zunyi.total).toBe(3);
  });

  it("refuses a village outside the bureau's region, and everyone but admins and bureaus, with 403", async () => {
    expect(statusOf(await page("bureau-suiyang", `?village=${CHASHAN}`))).toBe(403);
    for (const who of ["town-kuandong", "sec-honghe", "member-honghe-1"]) expect(statusOf(await page(who)), who).toBe(403);
    const anonymous = (await call(loader, makeRequest("/admin/audit"))) as Response;
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Faudit");
  });

  it("filters by user and by China's days", async () => {
    expect(((await page("admin", "?user=sec-ch")) as Page).total).toBe(3);
    expect(((await page("admin", "?from=2026-05-02&to=2026-05-02")) as Page).total).toBe(3);
    expect(((await page("admin", "?from=2026-05-03")) as Page).total).toBe(2);
    expect(((await page("admin", "?to=2026-05-01&user=SEC-HONGHE")) as Page).total).toBe(60);
    // a filter that reads answers with no messages (the page clears those of a refused one)
    expect(errorsOf(((await page("admin", "?from=2026-05-03")) as Page).filter)).toEqual({});
  });

  it("answers a bad filter with 400 and the message in the user's language", async () => {
    const bad = await page("admin", "?from=May");
    expect(statusOf(bad)).toBe(400);
    const errors = errorsOf(dataOf<Page>(bad).filter);
    expect(errors._form).toEqual({
      zh: "筛选条件有误：日期应为 YYYY-MM-DD，村代码为 12 位数字",
      en: "Check the filter: dates as YYYY-MM-DD, a village code of 12 digits",
    });
    expect(errors.from).toEqual({ zh: "请填写有效日期（年-月-日）", en: "A real date, YYYY-MM-DD" });
    expect(dataOf<Page>(bad).rows).toEqual([]);
  });

  it("answers impossible dates, control characters and malformed codes with 400 and the field's message in both languages, not a database error", async () => {
    const before = await auditRows();
    const cases: [string, string, Message][] = [
      ["?from=0000-01-01", "from", { zh: "请填写有效日期（年-月-日）", en: "A real date, YYYY-MM-DD" }],
      ["?to=2026-02-30", "to", { zh: "请填写有效日期（年-月-日）", en: "A real date, YYYY-MM-DD" }],
      ["?from=10000-01-01", "from", { zh: "请填写有效日期（年-月-日）", en: "A real date, YYYY-MM-DD" }],
      ["?user=sec%00honghe", "user", { zh: "不能包含控制字符", en: "Control characters are not allowed" }],
      [`?user=${"x".repeat(61)}`, "user", { zh: "不超过60字", en: "At most 60 characters" }],
      ["?village=9007199254740993", "village", { zh: "村代码为12位数字", en: "A village code has 12 digits" }],
    ];
    for (const [query, field, message] of cases) {
      const r = await page("admin", query);
      expect(statusOf(r), query).toBe(400);
      expect(errorsOf(dataOf<Page>(r).filter)[field], query).toEqual(message);
    }
    // a bad page number is read as the first page
    const odd = (await page("admin", "?page=9007199254740993")) as Page;
    expect(odd.rows).toHaveLength(50);
    expect(((await page("admin", "?page=NaN")) as Page).total).toBe(65);
    expect(await auditRows()).toBe(before);
  });
});
