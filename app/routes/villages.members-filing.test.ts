/**
 * The member register's import (preview, all-or-nothing commit), its filing export (masked, or
 * in full for the village's own secretary, audited) and the printed register's data, through the
 * routes' own loaders and actions on the demo database.
 */
import { inflateRawSync } from "node:zlib";
import { and, eq, inArray, like } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, households, members, users } from "@db/schema";
import { makeIdNumber, maskIdNumber } from "~/domain/members";
import type { Message } from "~/i18n/message";
import { createHousehold } from "~/models/households.server";
import { sealRows } from "~/models/member-import.server";
import { resetEnvForTests } from "~/utils/env.server";
import { signPayload } from "~/utils/signed-payload.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { bodyOf, get, inEnglish, postFile, postForm, statusOf } from "../../tests/registers";
import { action as importAction, loader as importLoader } from "./villages.$code.members_.import";
import { action as checkAction } from "./villages.$code.members_.import_.check";
import { loader as exportLoader } from "./villages.$code.members_.export";
import { loader as printLoader } from "./villages.$code.members_.print";

// the same key in either test database (on a PostgreSQL server there is none without it)
process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 9).toString("base64");
resetEnvForTests();

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const base = `/villages/${HONGHE}/members`;
const p = { code: HONGHE };
const HEADER = "户号,姓名,与户主关系,性别,出生日期,身份证号,手机号,同意短信,确认日期,确认依据,确认决议";
// an address code no demo person has
const id = (birth: string, seq: number) => makeIdNumber("653101", birth, seq);
let sec: string, town: string, bureau: string, admin: string, secChashan: string, secId: string;

type Preview = {
  stage: string;
  good: number;
  errors: ({ line: number; field: string } & Message)[];
  token: string | null;
  sample: Record<string, unknown>[];
};

beforeAll(async () => {
  await seededDatabase();
  [sec, town, bureau, admin, secChashan] = await Promise.all(
    ["sec-honghe", "town-kuandong", "bureau-suiyang", "admin", "sec-chashan"].map(cookieFor),
  );
  const db = await getDb();
  secId = (await db.select({ id: users.id }).from(users).where(eq(users.username, "sec-honghe")))[0]!.id;
  for (const code of ["MF01", "MF02", "MF03", "MF04", "MF05", "MF06"]) {
    const r = await createHousehold({
      db,
      villageCode: HONGHE,
      input: { code, headName: `户主${code}`, groupId: null, leaderId: null, flags: [], joinedOn: "2018-01-01", phone: null },
      actor: "system",
    });
    expect(r.ok).toBe(true);
  }
});

const savedEnv = { ...process.env };
afterEach(() => {
  process.env.DATABASE_URL = savedEnv.DATABASE_URL;
  if (savedEnv.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 9).toString("base64");
  resetEnvForTests();
});

async function personsOf(codes: string[]) {
  const db = await getDb();
  return db
    .select({
      name: members.name,
      code: households.code,
      hash: members.idNumberHash,
      last4: members.idLast4,
      ct: members.idNumberCiphertext,
    })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(eq(members.villageCode, HONGHE), inArray(households.code, codes)));
}
const commit = (token: string, cookie = sec) => postForm(importAction, `${base}/import`, p, cookie, { intent: "commit", token });
const upload = (content: string, cookie = sec, fn: Parameters<typeof postFile>[0] = importAction) =>
  postFile(fn, `${base}/import`, p, cookie, { name: "成员.csv", content });

describe("member import", () => {
  const zhang = id("1968-03-05", 11);
  const li = id("1970-07-08", 22);
  const good = [
    HEADER,
    `MF01,张大山,户主,男,1968-03-05,${zhang},13800138000,是,2019-06-01,改革时已确认,2019年第1次成员大会决议`,
    `MF01,李小花,配偶,女,1970/7/8,${li},,,2019-06-01,改革时已确认,2019年第1次成员大会决议`,
    "MF02,王二,户主,男,1975-01-01,,,,2025-06-01,成员大会确认,2025年第1次成员大会决议",
  ].join("\n");

  it("previews with masked ID numbers and phones, then commits every person in one go with one masked audit row", async () => {
    const r = await upload(good);
    expect(statusOf(r)).toBe(200);
    const d = bodyOf<Preview>(r);
    expect(d).toMatchObject({ stage: "preview", good: 3, errors: [] });
    expect(d.sample[0]).toMatchObject({
      householdCode: "MF01",
      relation: "户主",
      sex: "男",
      idNumber: maskIdNumber(zhang),
      phone: "138****8000",
    });
    // the page holds no full number: not in the sample, not inside the signed rows
    const inside = inflateRawSync(Buffer.from(d.token!.split(".")[0]!, "base64url")).toString("utf8");
    expect(JSON.stringify(d.sample) + inside).not.toContain(zhang);
    expect(inside).not.toContain(li);
    expect(await personsOf(["MF01", "MF02"])).toEqual([]);

    const done = await commit(d.token!);
    expect(statusOf(done)).toBe(302);
    expect((done as Response).headers.get("Location")).toBe(`${base}?imported=3`);
    const saved = await personsOf(["MF01", "MF02"]);
    expect(saved.map((s) => s.name).sort()).toEqual(["张大山", "李小花", "王二"].sort());
    expect(saved.find((s) => s.name === "张大山")).toMatchObject({ last4: zhang.slice(-4) });
    expect(saved.find((s) => s.name === "张大山")!.ct).not.toContain(zhang);
    expect(saved.find((s) => s.name === "王二")!.hash).toBeNull();
    const db = await getDb();
    const counts = await db
      .select({ code: households.code, n: households.members })
      .from(households)
      .where(inArray(households.code, ["MF01", "MF02"]));
    expect(Object.fromEntries(counts.map((c) => [c.code, c.n]))).toEqual({ MF01: 2, MF02: 1 });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "member.import"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ villageCode: HONGHE, actorName: "sec-honghe", entity: "member" });
    const after = JSON.stringify(audits[0]!.after);
    expect(after).toContain(maskIdNumber(zhang));
    expect(after).not.toContain(zhang);
    expect(after).not.toContain("13800138000");

    // the same file again: the ID numbers and the heads are on the register now
    const again = bodyOf<Preview>(await upload(good));
    expect(again.token).toBeNull();
    expect(again.errors.map((e) => e.zh)).toEqual(
      expect.arrayContaining([
        "第2行：户号 MF01 已有户主（张大山）",
        `第2行：身份证号 ${maskIdNumber(zhang)} 已登记在本村成员 张大山（户号 MF01）名下，同一人不能登记两次`,
        `第3行：身份证号 ${maskIdNumber(li)} 已登记在本村成员 李小花（户号 MF01）名下，同一人不能登记两次`,
        "第4行：户号 MF02 已有户主（王二）",
      ]),
    );
    // in another village the number is said, not refused, and nothing says who or where
    const elsewhere = await postFile(importAction, `/villages/${CHASHAN}/members/import`, { code: CHASHAN }, secChashan, {
      name: "c.csv",
      content: `${HEADER}\nH0001,张大山,其他,男,1968-03-05,${zhang},,,2025-06-01,婚姻迁入,2025年第1次成员大会决议`,
    });
    expect(statusOf(elsewhere)).toBe(200);
    const noted = bodyOf<Preview & { notes: Message[] }>(elsewhere);
    expect(noted.notes.map((n) => n.zh)).toEqual([
      `第2行：身份证号 ${maskIdNumber(zhang)} 也是其他集体经济组织的现有成员：请与对方核实，由其登记丧失成员身份（法第十七条）`,
    ]);
    expect(JSON.stringify(noted)).not.toMatch(/MF01|红河/);

    // and the old token: refused at commit, nothing more written
    expect(statusOf(await commit(d.token!))).toBe(400);
    expect(await personsOf(["MF01", "MF02"])).toHaveLength(3);
  });

  it("answers a bad file with 400 and every bad line, in the user's language, and writes nothing", async () => {
    const csv = [
      HEADER,
      "MF03,赵一,户主,男,1980-01-01,,,,2019-06-01,出生,决议",
      "MF03,钱二,户主,女,1980-01-01,,,,2019-06-01,出生,决议",
      "NOPE,孙三,配偶,女,1980-01-01,,,,2019-06-01,出生,决议",
      `MF04,李四,子女,男,1980-01-01,${id("1980-01-02", 31)},,,2019-06-01,出生,决议`,
    ].join("\n");
    const r = await upload(csv, await inEnglish(sec));
    expect(statusOf(r)).toBe(400);
    const d = bodyOf<Preview>(r);
    expect(d.token).toBeNull();
    expect(d.good).toBe(1);
    expect(d.errors.map((e) => e.en)).toEqual(
      expect.arrayContaining([
        "Line 3: household MF03 already has its head on line 2",
        "Line 4: household number NOPE does not exist: add the household first",
        "Line 5: The date of birth differs from the one in the ID number",
      ]),
    );
    expect(statusOf(await postFile(importAction, `${base}/import`, p, sec, { name: "empty.csv", content: "" }))).toBe(400);
    expect(statusOf(await upload("户号,姓名\nMF03,赵一"))).toBe(400);
    expect(await personsOf(["MF03", "MF04"])).toEqual([]);
  });

  it("commits nothing when one row is bad, or went bad after the preview", async () => {
    const rows = [
      {
        line: 2,
        householdCode: "MF05",
        name: "好人",
        relation: "head",
        sex: "male",
        birthDate: "1980-01-01",
        idNumber: id("1980-01-01", 41),
      },
      { line: 3, householdCode: "MF05", name: "坏行", relation: "spouse", sex: "female", birthDate: "2099-01-01", idNumber: null },
    ].map((r) => ({
      ...r,
      phone: null,
      smsConsent: false,
      civilCapacity: "by_age" as const,
      confirmedOn: "2020-01-01",
      confirmationBasis: "birth" as const,
      confirmationResolution: "决议",
    })) as Parameters<typeof sealRows>[0];
    const purpose = `import:members:${HONGHE}:${secId}`;
    const bad = signPayload(purpose, { fileName: "x.csv", rows: sealRows(rows) }, 60_000);
    const r = await commit(bad);
    expect(statusOf(r)).toBe(400);
    expect(new Set(bodyOf<Preview>(r).errors.map((e) => e.line))).toEqual(new Set([3]));
    expect(await personsOf(["MF05"])).toEqual([]);

    // a good preview, then someone gives the household its head before the commit
    const token = bodyOf<Preview>(
      await upload(
        `${HEADER}\nMF06,后来者,户主,男,1980-01-01,,,,2019-06-01,出生,决议\nMF06,配偶甲,配偶,女,1981-01-01,,,,2019-06-01,出生,决议`,
      ),
    ).token!;
    const first = bodyOf<Preview>(await upload(`${HEADER}\nMF06,先到者,户主,男,1979-01-01,,,,2019-06-01,出生,决议`)).token!;
    expect(statusOf(await commit(first))).toBe(302);
    const late = await commit(token);
    expect(statusOf(late)).toBe(400);
    expect(bodyOf<Preview>(late).errors[0]!.zh).toBe("第2行：户号 MF06 已有户主（先到者）");
    expect((await personsOf(["MF06"])).map((s) => s.name)).toEqual(["先到者"]);

    // a forged or foreign token
    for (const t of ["forged.token", signPayload(`import:households:${HONGHE}:${secId}`, { fileName: "x", rows: [] }, 60_000)])
      expect(statusOf(await commit(t))).toBe(400);
  });

  it("refuses a file with ID numbers where none can be kept, and takes one without", async () => {
    delete process.env.NOTIFY_SECRET_KEY;
    process.env.DATABASE_URL ??= "postgres://nobody@127.0.0.1:9/none";
    resetEnvForTests();
    const page = bodyOf<{ canKeepIdNumbers: boolean }>(await get(importLoader, `${base}/import`, p, sec));
    expect(page.canKeepIdNumbers).toBe(false);
    const r = await upload(`${HEADER}\nMF04,带号,户主,男,1980-01-01,${id("1980-01-01", 51)},,,2019-06-01,出生,决议`);
    expect(statusOf(r)).toBe(400);
    expect(bodyOf<Preview>(r).errors[0]).toMatchObject({ line: 0, field: "idNumber" });
    expect(bodyOf<Preview>(r).errors[0]!.zh).toContain("NOTIFY_SECRET_KEY");
    const ok = await upload(`${HEADER}\nMF04,无号,户主,男,1980-01-01,,,,2019-06-01,出生,决议`);
    expect(statusOf(ok)).toBe(200);
  });

  it("is for the village's own secretary: the town, the bureau and another village's secretary get 403", async () => {
    const csv = `${HEADER}\nMF04,某人,户主,男,1980-01-01,,,,2019-06-01,出生,决议`;
    for (const cookie of [town, bureau, admin]) expect(statusOf(await upload(csv, cookie))).toBe(403);
    expect(
      statusOf(
        await postFile(importAction, `/villages/${CHASHAN}/members/import`, { code: CHASHAN }, sec, { name: "a.csv", content: csv }),
      ),
    ).toBe(403);
    expect(statusOf(await postFile(importAction, `${base}/import`, p, secChashan, { name: "a.csv", content: csv }))).toBe(403);
    expect(statusOf(await upload(csv, town, checkAction))).toBe(403);
    // the town reads the page, read-only
    expect(bodyOf<{ canEdit: boolean }>(await get(importLoader, `${base}/import`, p, town)).canEdit).toBe(false);
    expect(await personsOf(["MF04"])).toEqual([]);
  });

  it("answers the check route with the same preview as JSON", async () => {
    const r = (await upload(`${HEADER}\nMF04,检查,户主,男,1980-01-01,,,,2019-06-01,出生,决议`, sec, checkAction)) as Response;
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    expect(await r.json()).toMatchObject({ stage: "preview", good: 1 });
    expect(await personsOf(["MF04"])).toEqual([]);
  });
});

describe("member register export and print", () => {
  const zhang = id("1968-03-05", 11);

  async function auditCount() {
    const db = await getDb();
    return (await db.select({ id: auditLog.id }).from(auditLog).where(like(auditLog.action, "member.export_full_ids"))).length;
  }

  it("exports CSV with a BOM and masked ID numbers, for the town as for the secretary", async () => {
    for (const cookie of [sec, town]) {
      const r = (await get(exportLoader, `${base}/export?format=csv&on=2025-01-01`, p, cookie)) as Response;
      expect(r.status).toBe(200);
      expect(r.headers.get("Content-Type")).toContain("text/csv");
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.split("\r\n")[0]).toBe("序号,户主,姓名,与户主关系,性别,出生日期,身份证号,确认日期,确认依据,丧失日期,丧失原因");
      expect(text).toContain(`张大山,张大山,户主,男,1968-03-05,${maskIdNumber(zhang)},2019-06-01,改革时已确认,,`);
      expect(text).not.toContain(zhang);
      // 王二 was confirmed later than the date
      expect(text).not.toContain("王二");
    }
  });

  it("exports XLSX masked; full=1 gives the secretary every number, audited; town, bureau and admin get 403", async () => {
    const before = await auditCount();
    const masked = (await get(exportLoader, `${base}/export?format=xlsx&on=2026-01-01`, p, town)) as Response;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await masked.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toContain(maskIdNumber(zhang));
    expect(values).not.toContain(zhang);
    expect(sheet.getRow(1).getCell(7).value).toBe("身份证号");

    for (const cookie of [town, bureau, admin])
      expect(statusOf(await get(exportLoader, `${base}/export?format=xlsx&full=1`, p, cookie))).toBe(403);
    expect(await auditCount()).toBe(before);

    const full = (await get(exportLoader, `${base}/export?format=xlsx&on=2026-01-01&full=1`, p, sec)) as Response;
    expect(full.status).toBe(200);
    expect(decodeURIComponent(full.headers.get("Content-Disposition")!)).toContain("完整身份证号");
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await full.arrayBuffer()) as ArrayBuffer);
    expect(wb2.worksheets[0]!.getSheetValues().flat().map(String)).toContain(zhang);
    const db = await getDb();
    const rows = await db.select().from(auditLog).where(eq(auditLog.action, "member.export_full_ids"));
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ villageCode: HONGHE, actorName: "sec-honghe", entity: "member" });
    expect(JSON.stringify(rows.at(-1)!.after)).not.toContain(zhang);
    // another village's secretary: 403 before anything
    expect(statusOf(await get(exportLoader, `${base}/export?format=csv&full=1`, p, secChashan))).toBe(403);
  });

  it("refuses bad parameters with 400, and gives the import's template", async () => {
    for (const q of ["format=pdf", "on=2026-02-30", "on=2999-01-01", "full=yes", "current=0"])
      expect(statusOf(await get(exportLoader, `${base}/export?${q}`, p, sec)), q).toBe(400);
    const t = (await get(exportLoader, `${base}/export?format=csv&template=1`, p, sec)) as Response;
    expect((await t.text()).trim()).toBe(
      "户号,姓名,与户主关系,性别,出生日期,身份证号,手机号,同意短信,确认日期,确认依据,确认决议,民事行为能力",
    );
  });

  it("gives the print page the register on a date, masked, and refuses another village's reader", async () => {
    const d = bodyOf<{ rows: { name: string; idNumber: string | null }[]; summary: { members: number }; organisation: string | null }>(
      await get(printLoader, `${base}/print?on=2026-01-01`, p, town),
    );
    const zhangRow = d.rows.find((r) => r.name === "张大山");
    expect(zhangRow?.idNumber).toBe(maskIdNumber(zhang));
    expect(JSON.stringify(d)).not.toContain(zhang);
    expect(d.summary.members).toBeGreaterThanOrEqual(2);
    expect(statusOf(await get(printLoader, `${base}/print?on=nope`, p, sec))).toBe(400);
    expect(statusOf(await get(printLoader, `/villages/${CHASHAN}/members/print`, { code: CHASHAN }, sec))).toBe(403);
  });
});
