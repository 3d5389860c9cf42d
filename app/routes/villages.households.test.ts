import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, households } from "@db/schema";
import { memberCountsOn } from "~/models/household-counts.server";
import { todayInChina } from "~/utils/today.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { errorsOf } from "../../tests/remix";
import { get, inEnglish, postForm, statusOf } from "../../tests/registers";
import { loader as exportLoader } from "./villages.$code.households_.export";
import { action as detailAction, loader as detailLoader } from "./villages.$code.households_.$household";
import { action, loader } from "./villages.$code.households";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const list = `/villages/${HONGHE}/households`;
let sec: string, town: string, bureau: string, otherSec: string;

beforeAll(async () => {
  await seededDatabase();
  [sec, town, bureau, otherSec] = await Promise.all(["sec-honghe", "town-kuandong", "bureau-suiyang", "sec-chashan"].map(cookieFor));
});

type ListData = Awaited<ReturnType<typeof loader>>;
type DetailData = Awaited<ReturnType<typeof detailLoader>>;

const newHousehold = (code: string, extra: Record<string, string | string[]> = {}) => ({
  intent: "create",
  code,
  headName: "测试户主",
  groupId: "",
  leaderId: "",
  joinedOn: "2024-03-01",
  phone: "",
  flags: ["脱贫户"],
  ...extra,
});

async function householdCount() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(households).where(eq(households.villageCode, HONGHE));
  return Number(n);
}
/** households.members of a 户号, and what the 成员名册 counts for it today */
async function countsOf(code: string) {
  const db = await getDb();
  const [h] = await db
    .select({ id: households.id, members: households.members })
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), eq(households.code, code)));
  const register = await memberCountsOn({ db, villageCode: HONGHE, on: todayInChina() });
  return { stored: h!.members, register: register.get(h!.id) ?? 0 };
}
async function auditCount() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(auditLog);
  return Number(n);
}

describe("/villages/:code/households — search and pages", () => {
  it("pages through 红河村's 450 households fifty at a time, by 户号", async () => {
    const first = (await get(loader, list, { code: HONGHE }, sec)) as ListData;
    expect(first.list.total).toBe(450);
    expect(first.list.rows).toHaveLength(50);
    expect(first.list.rows[0]).toMatchObject({ code: "H0001" });
    expect(first.canEdit).toBe(true);
    const last = (await get(loader, `${list}?page=9`, { code: HONGHE }, sec)) as ListData;
    expect(last.list.rows.at(-1)).toMatchObject({ code: "H0450" });
    expect(last.list.rows[0]).toMatchObject({ code: "H0401" });
    expect(last.list.rows[0]).toHaveProperty("groupName");
    expect(last.list.rows[0]).toHaveProperty("leaderName");
  });

  it("finds a household by 户号 or by the head's name", async () => {
    const byCode = (await get(loader, `${list}?q=H0007`, { code: HONGHE }, sec)) as ListData;
    expect(byCode.list.rows.map((r) => r.code)).toEqual(["H0007"]);
    expect(byCode.list.rows[0].flags).toContain("模范示范家庭");
    const name = byCode.list.rows[0].headName;
    const byName = (await get(loader, `${list}?q=${encodeURIComponent(name)}`, { code: HONGHE }, sec)) as ListData;
    expect(byName.list.rows.some((r) => r.code === "H0007")).toBe(true);
    const none = (await get(loader, `${list}?q=${encodeURIComponent("%_不存在")}`, { code: HONGHE }, sec)) as ListData;
    expect(none.list.total).toBe(0);
  });

  it("answers nonsense parameters with a 400", async () => {
    for (const search of ["page=abc", "page=0", "page=-1", "page=1e3", `q=${"长".repeat(51)}`, "left=yes"]) {
      expect(statusOf(await get(loader, `${list}?${search}`, { code: HONGHE }, sec)), search).toBe(400);
    }
  });

  it("refuses another village's secretary, and lets the town and the county read but not write", async () => {
    expect(statusOf(await get(loader, `/villages/${CHASHAN}/households`, { code: CHASHAN }, sec))).toBe(403);
    expect(statusOf(await postForm(action, `/villages/${CHASHAN}/households`, { code: CHASHAN }, sec, newHousehold("X1")))).toBe(403);
    expect(statusOf(await get(loader, list, { code: HONGHE }, otherSec))).toBe(403);
    const before = await householdCount();
    for (const reader of [town, bureau]) {
      const d = (await get(loader, list, { code: HONGHE }, reader)) as ListData;
      expect(d.canEdit).toBe(false);
      expect(statusOf(await postForm(action, list, { code: HONGHE }, reader, newHousehold("X2")))).toBe(403);
      expect(statusOf(await get(detailLoader, `${list}/H0001`, { code: HONGHE, household: "H0001" }, reader))).toBe(200);
      expect(
        statusOf(
          await postForm(detailAction, `${list}/H0001`, { code: HONGHE, household: "H0001" }, reader, {
            intent: "leave",
            leftOn: "2025-01-01",
            leftReason: "迁出",
          }),
        ),
      ).toBe(403);
    }
    expect(await householdCount()).toBe(before);
  });
});

describe("/villages/:code/households — add, edit, leave", () => {
  it("adds a household and shows it, with no one in the register yet: a posted count is ignored", async () => {
    const r = await postForm(action, list, { code: HONGHE }, sec, newHousehold("H9001", { members: "3" }));
    expect(statusOf(r)).toBe(302);
    expect((r as Response).headers.get("Location")).toBe(`${list}/H9001?saved=created`);
    const d = (await get(detailLoader, `${list}/H9001`, { code: HONGHE, household: "H9001" }, sec)) as DetailData;
    expect(d.household).toMatchObject({
      code: "H9001",
      headName: "测试户主",
      members: 0,
      flags: ["脱贫户"],
      joinedOn: "2024-03-01",
      leftOn: null,
    });
    expect(d.holdings).toEqual([]);
    expect(await countsOf("H9001")).toEqual({ stored: 0, register: 0 });
    const db = await getDb();
    const [audit] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, "household.create"), eq(auditLog.entityId, String(d.household.id))));
    expect(audit!.after).toMatchObject({ code: "H9001", members: 0 });
  });

  it("gives a bad form back with each field's message, status 400, nothing written", async () => {
    const before = [await householdCount(), await auditCount()];
    const bad = await postForm(
      action,
      list,
      { code: HONGHE },
      sec,
      newHousehold("H9002", { members: "很多", joinedOn: "2099-01-01", headName: "" }),
    );
    expect(statusOf(bad)).toBe(400);
    const errors = errorsOf(bad);
    // no field for a count: nonsense in it is not even an error
    expect(errors).not.toHaveProperty("members");
    expect(errors.joinedOn.zh).toContain("不能晚于今天");
    expect(errors.headName).toBeDefined();
    const dup = await postForm(action, list, { code: HONGHE }, sec, newHousehold("H0001"));
    expect(statusOf(dup)).toBe(400);
    expect(errorsOf(dup).code.zh).toContain("已存在");
    const flag = await postForm(action, list, { code: HONGHE }, sec, newHousehold("H9003", { flags: ["富裕户"] }));
    expect(statusOf(flag)).toBe(400);
    expect(statusOf(await postForm(action, list, { code: HONGHE }, sec, { intent: "drop" }))).toBe(400);
    expect([await householdCount(), await auditCount()]).toEqual(before);
  });

  it("edits a household; its 户号 stays, and a posted count changes nothing", async () => {
    const r = await postForm(detailAction, `${list}/H9001`, { code: HONGHE, household: "H9001" }, sec, {
      ...newHousehold("IGNORED", { headName: "改名户主", members: "5", flags: [] }),
      intent: "update",
    });
    expect(statusOf(r)).toBe(302);
    const d = (await get(detailLoader, `${list}/H9001`, { code: HONGHE, household: "H9001" }, sec)) as DetailData;
    expect(d.household).toMatchObject({ code: "H9001", headName: "改名户主", members: 0, flags: [] });
    const bad = await postForm(detailAction, `${list}/H9001`, { code: HONGHE, household: "H9001" }, sec, {
      ...newHousehold("H9001", { headName: "" }),
      intent: "update",
    });
    expect(statusOf(bad)).toBe(400);
  });

  it("keeps a seeded household's count the register's whatever an edit posts", async () => {
    const before = await countsOf("H0005");
    expect(before.register).toBeGreaterThan(0);
    expect(before.stored).toBe(before.register);
    const path = `${list}/H0005`;
    const p = { code: HONGHE, household: "H0005" };
    const d = (await get(detailLoader, path, p, sec)) as DetailData;
    const { headName, joinedOn, flags } = d.household;
    for (const members of ["0", "29", String(before.register + 1)]) {
      const r = await postForm(detailAction, path, p, sec, {
        intent: "update",
        headName,
        groupId: String(d.household.groupId ?? ""),
        leaderId: String(d.household.leaderId ?? ""),
        joinedOn,
        phone: d.household.phone ?? "",
        flags,
        members,
      });
      expect(statusOf(r)).toBe(302);
      expect(await countsOf("H0005")).toEqual(before);
    }
    const db = await getDb();
    const updates = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, "household.update"), eq(auditLog.entityId, String(d.household.id))));
    for (const u of updates) expect(u.after).not.toHaveProperty("members");
  });

  it("refuses to record leaving while the household holds shares, with the register's message", async () => {
    const r = await postForm(detailAction, `${list}/H0002`, { code: HONGHE, household: "H0002" }, sec, {
      intent: "leave",
      leftOn: "2025-06-30",
      leftReason: "迁出",
    });
    expect(statusOf(r)).toBe(409);
    expect(errorsOf(r)._form.zh).toContain("仍持有");
    const db = await getDb();
    const [h] = await db
      .select({ leftOn: households.leftOn })
      .from(households)
      .where(and(eq(households.villageCode, HONGHE), eq(households.code, "H0002")));
    expect(h.leftOn).toBeNull();
  });

  it("records leaving with a date and a reason, never deleting; a bad date or no reason is a 400", async () => {
    const path = `${list}/H9001`;
    const p = { code: HONGHE, household: "H9001" };
    expect(statusOf(await postForm(detailAction, path, p, sec, { intent: "leave", leftOn: "2024-01-01", leftReason: "迁出" }))).toBe(400); // before joining
    expect(statusOf(await postForm(detailAction, path, p, sec, { intent: "leave", leftOn: "2025-06-30", leftReason: "" }))).toBe(400);
    expect(statusOf(await postForm(detailAction, path, p, sec, { intent: "leave", leftOn: "2025-02-30", leftReason: "迁出" }))).toBe(400);
    expect(statusOf(await postForm(detailAction, path, p, sec, { intent: "leave", leftOn: "2025-06-30", leftReason: "迁出本村" }))).toBe(
      302,
    );
    const d = (await get(detailLoader, path, p, sec)) as DetailData;
    expect(d.household).toMatchObject({ leftOn: "2025-06-30", leftReason: "迁出本村" });
    expect(statusOf(await postForm(detailAction, path, p, sec, { intent: "leave", leftOn: "2025-07-30", leftReason: "再退" }))).toBe(409);
    // the list hides it unless asked
    expect(((await get(loader, `${list}?q=H9001`, { code: HONGHE }, sec)) as ListData).list.total).toBe(0);
    expect(((await get(loader, `${list}?q=H9001&left=1`, { code: HONGHE }, sec)) as ListData).list.rows[0]).toMatchObject({
      leftOn: "2025-06-30",
    });
  });

  it("answers an unknown household with 404 and a malformed one with 400", async () => {
    expect(statusOf(await get(detailLoader, `${list}/H7777`, { code: HONGHE, household: "H7777" }, sec))).toBe(404);
    expect(statusOf(await get(detailLoader, `${list}/x`, { code: HONGHE, household: "a b;c" }, sec))).toBe(400);
  });
});

describe("/villages/:code/households/export", () => {
  it("downloads the register as CSV with a BOM, a UTF-8 file name and formula cells neutralised", async () => {
    expect(statusOf(await postForm(action, list, { code: HONGHE }, sec, newHousehold("H9100", { headName: "=cmd|' /C calc'!A0" })))).toBe(
      302,
    );
    const r = (await get(exportLoader, `${list}/export?format=csv`, { code: HONGHE }, sec)) as Response;
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toContain("text/csv");
    const disposition = r.headers.get("Content-Disposition")!;
    expect(disposition).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^农户名册-红河村-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("'=cmd|");
    expect(text).not.toMatch(/(^|,)"?=cmd/m);
    expect(text.split("\r\n")[0]).toContain("户号");
    // the count column is today's count in the 成员名册, and says so
    const header = text
      .replace(/^\uFEFF/, "")
      .split("\r\n")[0]!
      .split(",");
    expect(header[4]).toBe("人口（成员名册）");
    const h5 = text.split("\r\n").find((l) => l.startsWith("H0005,"))!;
    expect(Number(h5.split(",")[4])).toBe((await countsOf("H0005")).register);
    expect(text).toContain("H0450");
  });

  it("downloads XLSX with the same neutralising, a blank template, and refuses another village", async () => {
    const r = (await get(exportLoader, `${list}/export?format=xlsx`, { code: HONGHE }, town)) as Response;
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    const sheet = wb.worksheets[0];
    const names: string[] = [];
    sheet.eachRow((row) => names.push(String(row.getCell(2).value)));
    expect(names).toContain("'=cmd|' /C calc'!A0");
    expect(names.some((n) => n.startsWith("="))).toBe(false);
    const template = (await get(exportLoader, `${list}/export?format=csv&template=1`, { code: HONGHE }, sec)) as Response;
    const templateLines = (await template.text()).trim().split("\r\n");
    expect(templateLines).toHaveLength(1);
    expect(templateLines[0]).not.toContain("人口");
    expect(statusOf(await get(exportLoader, `/villages/${CHASHAN}/households/export?format=csv`, { code: CHASHAN }, sec))).toBe(403);
    expect(statusOf(await get(exportLoader, `${list}/export?format=pdf`, { code: HONGHE }, sec))).toBe(400);
  });

  it("answers in English when the user chose English", async () => {
    const en = await inEnglish(sec);
    const bad = await postForm(action, list, { code: HONGHE }, en, newHousehold("H9200", { joinedOn: "x" }));
    expect(errorsOf(bad).joinedOn.en).toMatch(/real date/);
    const r = (await get(loader, `${list}?page=zero`, { code: HONGHE }, en)) as Response;
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/page/i);
  });
});
