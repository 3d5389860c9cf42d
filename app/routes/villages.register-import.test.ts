import { and, count, eq, like } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "~/i18n/message";
import { getDb } from "@db/client.server";
import { auditLog, households, shareLedger } from "@db/schema";
import { importHouseholds } from "~/models/register-import.server";
import { createHousehold } from "~/models/households.server";
import { signPayload } from "~/utils/signed-payload.server";
import { HOUSEHOLD_IGNORED_COLUMNS } from "~/domain/register-files";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { bodyOf, inEnglish, postFile, postForm, statusOf } from "../../tests/registers";
import { action as householdImport } from "./villages.$code.households_.import";
import { action as shareImport } from "./villages.$code.shares_.import";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const hPath = `/villages/${HONGHE}/households/import`;
const sPath = `/villages/${HONGHE}/shares/import`;
const p = { code: HONGHE };
let sec: string, town: string, secId: string;

type Preview = {
  stage: string;
  good: number;
  errors: ({ line: number } & Message)[];
  token: string | null;
  notes: Message[];
  sample: Record<string, unknown>[];
};
/** the template's header: the columns the import reads */
const HEADER = "户号,户主姓名,村民组,联户长,标识,入社日期";
/** our own export's header: with today's count from the 成员名册, which the import does not read */
const EXPORTED = "户号,户主姓名,村民组,联户长,人口（成员名册）,标识,入社日期";
const COUNT_NOT_READ = HOUSEHOLD_IGNORED_COLUMNS[0]!.note;

beforeAll(async () => {
  await seededDatabase();
  [sec, town] = await Promise.all(["sec-honghe", "town-kuandong"].map(cookieFor));
  const db = await getDb();
  const { users } = await import("@db/schema");
  secId = (await db.select({ id: users.id }).from(users).where(eq(users.username, "sec-honghe")))[0].id;
});

async function countLike(prefix: string) {
  const db = await getDb();
  const [{ n }] = await db
    .select({ n: count() })
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), like(households.code, `${prefix}%`)));
  return Number(n);
}
async function membersOf(prefix: string) {
  const db = await getDb();
  const rows = await db
    .select({ code: households.code, members: households.members })
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), like(households.code, `${prefix}%`)))
    .orderBy(households.code);
  return rows.map((r) => [r.code, r.members]);
}
async function ledgerCount() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(shareLedger).where(eq(shareLedger.villageCode, HONGHE));
  return Number(n);
}
const commit = (fn: typeof householdImport, path: string, token: string, cookie = sec) =>
  postForm(fn, path, p, cookie, { intent: "commit", token });

describe("household import", () => {
  it("previews a good file without writing, then commits every row in one go with one audit row", async () => {
    const csv = `\uFEFF${HEADER}\nA001,张三,岗上组,,脱贫户,2024-01-05\nA002,李四,河坝组,,,2024/2/1\nA003,王五,,,模范示范家庭、脱贫户,2023年5月6日\n`;
    const preview = await postFile(householdImport, hPath, p, sec, { name: "农户.csv", content: csv });
    expect(statusOf(preview)).toBe(200);
    const d = bodyOf<Preview>(preview);
    expect(d).toMatchObject({ stage: "preview", good: 3, errors: [], notes: [] });
    expect(d.sample[1]).toMatchObject({ code: "A002", group: "河坝组", joinedOn: "2024-02-01" });
    expect(d.token).toBeTruthy();
    expect(await countLike("A")).toBe(0);

    const done = await commit(householdImport, hPath, d.token!);
    expect(statusOf(done)).toBe(302);
    expect((done as Response).headers.get("Location")).toBe(`/villages/${HONGHE}/households?imported=3`);
    expect(await countLike("A")).toBe(3);
    // nobody in the 成员名册 yet
    expect(await membersOf("A")).toEqual([
      ["A001", 0],
      ["A002", 0],
      ["A003", 0],
    ]);
    const db = await getDb();
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "household.import"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ villageCode: HONGHE, actorName: "sec-honghe" });
    expect((audits[0].after as { count: number }).count).toBe(3);
    // the same token again: the 户号 exist now, so nothing more is written
    expect(statusOf(await commit(householdImport, hPath, d.token!))).toBe(400);
    expect(await countLike("A")).toBe(3);
  });

  it("imports our own export (its 人口 column ignored, said once in the preview), each household at 0 until the register adds persons", async () => {
    const csv = [EXPORTED, "M001,甲,岗上组,,4,,2024-01-05", "M002,乙,,,-1,,2024-01-05", "M003,丙,,,很多,,2024-01-05"].join("\n");
    const r = await postFile(householdImport, hPath, p, sec, { name: "农户名册-红河村.csv", content: csv });
    expect(statusOf(r)).toBe(200);
    const d = bodyOf<Preview>(r);
    expect(d).toMatchObject({ stage: "preview", good: 3, errors: [] });
    expect(d.notes).toEqual([COUNT_NOT_READ]);
    expect(d.notes[0]!.zh).toContain("成员名册");
    expect(d.notes[0]!.en).toContain("member register");
    for (const row of d.sample) expect(row).not.toHaveProperty("members");
    expect(statusOf(await commit(householdImport, hPath, d.token!))).toBe(302);
    expect(await membersOf("M")).toEqual([
      ["M001", 0],
      ["M002", 0],
      ["M003", 0],
    ]);
  });

  it("lists every bad row with its line number in Chinese (and English), and offers no commit", async () => {
    const csv = [
      EXPORTED,
      "B001,赵一,岗上组,,3,,2024-01-05",
      "B 002,钱二,岗上组,,-1,,2024-01-05",
      "B003,,不存在组,,2,,2024-13-01",
      "B001,孙四,,,2,,2024-01-05",
      "B005,周五,,,2,富裕户,2099-01-01",
    ].join("\n");
    const r = await postFile(householdImport, hPath, p, await inEnglish(sec), { name: "bad.csv", content: csv });
    expect(statusOf(r)).toBe(400);
    const d = bodyOf<Preview>(r);
    expect(d.token).toBeNull();
    expect(d.good).toBe(1);
    const zh = d.errors.map((e) => e.zh);
    expect(zh.some((m) => m.startsWith("第3行：") && m.includes("户号"))).toBe(true);
    // the count column is not read, so its -1 is nobody's error; the note is said all the same
    expect(zh.some((m) => m.includes("人口"))).toBe(false);
    expect(d.notes).toEqual([COUNT_NOT_READ]);
    expect(zh.some((m) => m.startsWith("第4行：") && m.includes("户主"))).toBe(true);
    expect(zh.some((m) => m.startsWith("第4行：") && m.includes("不存在组"))).toBe(true);
    expect(zh.some((m) => m.startsWith("第4行：") && m.includes("入社日期"))).toBe(true);
    expect(zh.some((m) => m.startsWith("第5行：") && m.includes("重复"))).toBe(true);
    expect(zh.some((m) => m.startsWith("第6行："))).toBe(true);
    expect(d.errors.every((e) => e.en.startsWith("Line "))).toBe(true);
    expect(await countLike("B")).toBe(0);
  });

  it("commits nothing when one row has gone bad since the preview", async () => {
    const csv = [HEADER, "C001,甲,,,,2024-01-05", "C002,乙,,,,2024-01-05", "C003,丙,,,,2024-01-05"].join("\n");
    const d = bodyOf<Preview>(await postFile(householdImport, hPath, p, sec, { name: "c.csv", content: csv }));
    expect(d.token).toBeTruthy();
    const db = await getDb();
    await createHousehold({
      db,
      villageCode: HONGHE,
      input: { code: "C002", headName: "抢先", groupId: null, leaderId: null, flags: [], joinedOn: "2024-01-01", phone: null },
      actor: "system",
    });
    const r = await commit(householdImport, hPath, d.token!);
    expect(statusOf(r)).toBe(400);
    expect(bodyOf<Preview>(r).errors[0].zh).toBe("第3行：户号 C002 已存在");
    expect(await countLike("C")).toBe(1);
  });

  it("checks every row again at commit: one bad row among good ones writes nothing", async () => {
    const db = await getDb();
    const rows = [
      { line: 2, code: "D001", headName: "好", group: null, leader: null, flags: [], joinedOn: "2024-01-01" },
      { line: 3, code: "D002", headName: "坏", group: "不存在组", leader: null, flags: [], joinedOn: "2024-01-01" },
    ];
    const r = await importHouseholds({ db, villageCode: HONGHE, rows, fileName: "x.csv", today: "2026-01-01", actor: "system" });
    expect(r.ok).toBe(false);
    expect(await countLike("D")).toBe(0);
  });

  it("writes no count from the rows at commit, even a signed row that carries one (a preview from before): 0 until the register adds persons", async () => {
    const db = await getDb();
    const rows = [{ line: 2, code: "P001", headName: "旧", group: null, leader: null, members: 7, flags: [], joinedOn: "2024-01-01" }];
    const r = await importHouseholds({ db, villageCode: HONGHE, rows, fileName: "old.csv", today: "2026-01-01", actor: "system" });
    expect(r).toEqual({ ok: true, count: 1 });
    expect(await membersOf("P")).toEqual([["P001", 0]]);
  });

  it("refuses a forged, foreign or expired token, with a 400 and nothing written", async () => {
    const rows = [{ line: 2, code: "E001", headName: "伪", group: null, leader: null, flags: [], joinedOn: "2024-01-01" }];
    const good = signPayload(`import:households:${HONGHE}:${secId}`, { fileName: "e.csv", rows }, 60_000);
    const forged = signPayload(`import:households:${HONGHE}:${secId}`, { fileName: "e.csv", rows: [{ ...rows[0], code: "E002" }] }, 60_000);
    const tampered = good.split(".")[0] + "." + forged.split(".")[1];
    const otherUser = signPayload(`import:households:${HONGHE}:someone-else`, { fileName: "e.csv", rows }, 60_000);
    const otherRegister = signPayload(`import:shares:${HONGHE}:${secId}`, { fileName: "e.csv", rows }, 60_000);
    const expired = signPayload(`import:households:${HONGHE}:${secId}`, { fileName: "e.csv", rows }, -1);
    for (const token of [tampered, otherUser, otherRegister, expired, "", "x.y"]) {
      expect(statusOf(await commit(householdImport, hPath, token))).toBe(400);
    }
    expect(bodyOf<{ error: { zh: string } }>(await commit(householdImport, hPath, expired)).error.zh).toContain("过期");
    expect(await countLike("E")).toBe(0);
    expect(statusOf(await commit(householdImport, hPath, good))).toBe(302);
    expect(await countLike("E")).toBe(1);
  });

  it("reads an XLSX file (as our export writes it, the count a number cell not read)", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("农户");
    sheet.addRow(EXPORTED.split(","));
    sheet.addRow(["F001", "冯一", "新寨组", null, 3, "脱贫户", new Date(Date.UTC(2022, 4, 1))]);
    sheet.addRow(["F002", "冯二", null, null, 2, null, "2022-05-02"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const d = bodyOf<Preview>(
      await postFile(householdImport, hPath, p, sec, {
        name: "农户.xlsx",
        content: bytes,
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
    );
    expect(d).toMatchObject({ good: 2, errors: [], notes: [COUNT_NOT_READ] });
    expect(d.sample[0]).toMatchObject({ joinedOn: "2022-05-01" });
    expect(statusOf(await commit(householdImport, hPath, d.token!))).toBe(302);
    expect(await countLike("F")).toBe(2);
  });

  it("refuses a file over 5 MB, an empty upload, and anyone but the village's secretary", async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41);
    const r = await postFile(householdImport, hPath, p, sec, { name: "big.csv", content: big });
    expect(statusOf(r)).toBe(400);
    expect(bodyOf<{ error: { zh: string } }>(r).error.zh).toContain("5 MB");
    expect(statusOf(await postFile(householdImport, hPath, p, sec, { name: "empty.csv", content: "" }))).toBe(400);
    expect(statusOf(await postFile(householdImport, hPath, p, sec, { name: "header.csv", content: HEADER }))).toBe(400);
    expect(statusOf(await postFile(householdImport, hPath, p, town, { name: "t.csv", content: `${HEADER}\nG001,x,,,,2024-01-01` }))).toBe(
      403,
    );
    expect(
      statusOf(
        await postFile(householdImport, `/villages/${CHASHAN}/households/import`, { code: CHASHAN }, sec, {
          name: "t.csv",
          content: `${HEADER}\nG001,x,,,,2024-01-01`,
        }),
      ),
    ).toBe(403);
    expect(await countLike("G")).toBe(0);
  });
});

describe("share import", () => {
  const SHARE_HEADER = "户号,股份类别,股数,变动类型,日期,批准人";

  it("says 第17行：股数不能为负 and commits nothing from a file with bad rows", async () => {
    const lines = [SHARE_HEADER];
    for (let i = 2; i <= 16; i++) lines.push(`H${String(i + 100).padStart(4, "0")},成员股,1,增持,2025-06-01,理事会`);
    lines.push("H0200,成员股,-3,增持,2025-06-01,理事会");
    const before = await ledgerCount();
    const r = await postFile(shareImport, sPath, p, sec, { name: "股权.csv", content: lines.join("\r\n") });
    expect(statusOf(r)).toBe(400);
    const d = bodyOf<Preview>(r);
    expect(d.errors.map((e) => e.zh)).toContain("第17行：股数不能为负");
    expect(d.token).toBeNull();
    expect(await ledgerCount()).toBe(before);
  });

  it("checks redeems against the ledger in date order, so no holding goes negative", async () => {
    // H0010 holds 1 成员股: the first redeem empties it, the second would go below zero
    const csv = [
      SHARE_HEADER,
      "H0010,成员股,1,退股,2025-07-01,理事会",
      "H0010,成员股,1,退股,2025-08-01,理事会",
      "H0011,成员股,2,增持,2025-07-01,理事会",
    ].join("\n");
    const d = bodyOf<Preview>(await postFile(shareImport, sPath, p, sec, { name: "s.csv", content: csv }));
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0].zh).toMatch(/^第3行：.*超过/);
  });

  it("previews and commits subscribe, increase and redeem rows all together", async () => {
    const before = await ledgerCount();
    const csv = [
      SHARE_HEADER,
      "H0020,成员股,2,增持,2025-07-01,理事会",
      "H0021,成员股,1,退股,2025-07-01,理事会",
      "H0022,member,0.5,increase,2025-07-02,理事会",
    ].join("\n");
    const d = bodyOf<Preview>(await postFile(shareImport, sPath, p, sec, { name: "s.csv", content: csv }));
    expect(d).toMatchObject({ good: 3, errors: [] });
    expect(d.sample[2]).toMatchObject({ quantity: "0.5", shareClass: "成员股", entryType: "增持" });
    const r = await commit(shareImport, sPath, d.token!);
    expect(statusOf(r)).toBe(302);
    expect((r as Response).headers.get("Location")).toBe(`/villages/${HONGHE}/shares?saved=imported&n=3`);
    expect(await ledgerCount()).toBe(before + 3);
    const db = await getDb();
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "share_ledger.import"))).toHaveLength(1);
  });

  it("commits nothing when the ledger has moved since the preview", async () => {
    const csv = [SHARE_HEADER, "H0030,成员股,1,增持,2025-07-01,理事会", "H0031,成员股,1,退股,2025-07-01,理事会"].join("\n");
    const d = bodyOf<Preview>(await postFile(shareImport, sPath, p, sec, { name: "s.csv", content: csv }));
    expect(d.token).toBeTruthy();
    // meanwhile H0031 redeems its share at the counter
    const other = bodyOf<Preview>(
      await postFile(shareImport, sPath, p, sec, {
        name: "t.csv",
        content: [SHARE_HEADER, "H0031,成员股,1,退股,2025-06-01,理事会"].join("\n"),
      }),
    );
    expect(statusOf(await commit(shareImport, sPath, other.token!))).toBe(302);
    const before = await ledgerCount();
    const r = await commit(shareImport, sPath, d.token!);
    expect(statusOf(r)).toBe(400);
    expect(bodyOf<Preview>(r).errors[0].zh).toMatch(/^第3行：/);
    expect(await ledgerCount()).toBe(before);
  });
});

describe("the JSON check routes (the page's upload with progress)", () => {
  it("answer the same preview as JSON, whose token the page commits", async () => {
    const { action: check } = await import("./villages.$code.households_.import_.check");
    const csv = [EXPORTED, "K001,甲,,,1,,2024-01-05", "K002,,,,x,,2024-01-05"].join("\n");
    const bad = (await postFile(check, `${hPath}/check`, p, sec, { name: "k.csv", content: csv })) as Response;
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toContain("application/json");
    const badBody = (await bad.json()) as Preview;
    expect(badBody.errors.map((e) => e.zh)).toEqual(["第3行：请填写户主姓名"]);
    expect(badBody.notes).toEqual([COUNT_NOT_READ]);
    const good = (await postFile(check, `${hPath}/check`, p, sec, {
      name: "k.csv",
      content: csv.replace("K002,,", "K002,乙,"),
    })) as Response;
    expect(good.status).toBe(200);
    const body = (await good.json()) as Preview;
    expect(body).toMatchObject({ stage: "preview", good: 2, errors: [], notes: [COUNT_NOT_READ] });
    expect(await countLike("K")).toBe(0);
    expect(statusOf(await commit(householdImport, hPath, body.token!))).toBe(302);
    expect(await countLike("K")).toBe(2);
  });

  it("take files only, from the village's secretary only", async () => {
    const { action: check } = await import("./villages.$code.shares_.import_.check");
    expect(statusOf(await postForm(check, `${sPath}/check`, p, sec, { intent: "commit", token: "x" }))).toBe(400);
    expect(statusOf(await postFile(check, `${sPath}/check`, p, town, { name: "s.csv", content: "户号,股份类别\n" }))).toBe(403);
    expect(
      statusOf(
        await postFile(check, `/villages/${CHASHAN}/shares/import/check`, { code: CHASHAN }, sec, {
          name: "s.csv",
          content: "户号,股份类别\n",
        }),
      ),
    ).toBe(403);
  });
});
