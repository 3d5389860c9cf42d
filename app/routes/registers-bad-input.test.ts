/**
 * The household and share registers refuse input no form would send — a NUL or other control
 * character, a file posted into a text field, an id beyond PostgreSQL's integer, NaN, an
 * impossible date, a year outside 1949 … next year — with a 400 and the field's message in both
 * languages (a query parameter: a 400 naming it, in the reader's language), and write nothing.
 */
import type { Message } from "~/i18n/message";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, households, shareClasses, shareLedger } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf } from "../../tests/remix";
import { get, inEnglish, postForm, statusOf } from "../../tests/registers";
import { loader as exportLoader } from "./villages.$code.households_.export";
import { action as detailAction } from "./villages.$code.households_.$household";
import { action as householdImport } from "./villages.$code.households_.import";
import { action as createAction, loader as listLoader } from "./villages.$code.households";
import { action as sharesAction, loader as sharesLoader } from "./villages.$code.shares";

const HONGHE = "520323102201";
const list = `/villages/${HONGHE}/households`;
const sharesPath = `/villages/${HONGHE}/shares`;
const p = { code: HONGHE };
const HUGE_ID = "9007199254740993";
let sec: string;
let memberClass: number;

const CONTROL = { zh: "不能包含控制字符", en: "Control characters are not allowed" };
const NOT_TEXT = { zh: "请填写文字", en: "Enter text" };
const DATE = { zh: "请输入有效日期，如 2024-03-01", en: "Enter a real date, e.g. 2024-03-01" };

beforeAll(async () => {
  await seededDatabase();
  sec = await cookieFor("sec-honghe");
  const db = await getDb();
  [{ id: memberClass }] = await db.select({ id: shareClasses.id }).from(shareClasses).where(eq(shareClasses.villageCode, HONGHE));
});

/** what the registers hold: households, ledger rows, share classes and audit rows */
async function written() {
  const db = await getDb();
  const n = async (table: typeof households | typeof shareLedger | typeof shareClasses | typeof auditLog) =>
    Number((await db.select({ n: count() }).from(table))[0].n);
  return [await n(households), await n(shareLedger), await n(shareClasses), await n(auditLog)];
}

/** a multipart POST whose `fileField` carries a file where the form has text */
function postWithFile(
  fn: Parameters<typeof call>[0],
  path: string,
  params: Record<string, string>,
  fields: Record<string, string | string[]>,
  fileField: string,
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) if (k !== fileField) body.append(k, x);
  body.append(fileField, new File(["x".repeat(10)], "note.txt", { type: "text/plain" }));
  const request = new Request(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { Cookie: sec, Origin: "http://localhost:3000" },
    body,
  });
  return call(fn, request, params);
}

const household = (extra: Record<string, string | string[]> = {}) => ({
  intent: "create",
  code: "Z9001",
  headName: "测试户主",
  groupId: "",
  leaderId: "",
  joinedOn: "2024-03-01",
  phone: "",
  flags: ["脱贫户"],
  ...extra,
});
const movement = (extra: Record<string, string> = {}) => ({
  intent: "movement",
  type: "subscribe",
  householdCode: "H0003",
  counterpartyCode: "",
  shareClassId: String(memberClass),
  quantity: "1",
  effectiveOn: "2025-12-01",
  approvedOn: "2025-12-05",
  approvedBy: "理事会",
  note: "",
  ...extra,
});

describe("the register forms refuse bad input with a 400 beside the field, writing nothing", () => {
  it("adding a household", async () => {
    const before = await written();
    const cases: [Record<string, string | string[]>, string, Message][] = [
      [{ headName: "张\u0000三" }, "headName", CONTROL],
      [{ code: "Z\u00079002" }, "code", CONTROL],
      [{ groupId: HUGE_ID }, "groupId", { zh: "选择无效", en: "Invalid choice" }],
      [{ leaderId: "NaN" }, "leaderId", { zh: "选择无效", en: "Invalid choice" }],
      [{ joinedOn: "2025-02-30" }, "joinedOn", DATE],
      [{ joinedOn: "1900-01-01" }, "joinedOn", DATE],
      [
        { flags: ["脱贫户\u0000"] },
        "flags",
        { zh: "标识只能是：脱贫户、模范示范家庭、五保户、低保户、军烈属", en: expect.stringContaining("Flags can only be") },
      ],
    ];
    for (const [patch, field, message] of cases) {
      const r = await postForm(createAction, list, p, sec, household(patch));
      expect(statusOf(r), JSON.stringify(patch)).toBe(400);
      expect(errorsOf(r)[field], JSON.stringify(patch)).toEqual(message);
    }
    // no count is typed any more: whatever a members field holds, only the real fields answer
    for (const members of ["NaN", "-1", "3\u0000", "9".repeat(400)]) {
      const r = await postForm(createAction, list, p, sec, household({ members, headName: "" }));
      expect(statusOf(r), members).toBe(400);
      expect(Object.keys(errorsOf(r)), members).toEqual(["headName"]);
    }
    for (const field of ["headName", "code", "phone"]) {
      const r = await postWithFile(createAction, list, p, household(), field);
      expect(statusOf(r), field).toBe(400);
      expect(errorsOf(r)[field], field).toEqual(NOT_TEXT);
    }
    expect(await written()).toEqual(before);
  });

  it("editing a household and recording its leaving", async () => {
    const path = `${list}/H0009`;
    const params = { ...p, household: "H0009" };
    const before = await written();
    const update = { ...household(), intent: "update" };
    const cases: [Record<string, string | string[]>, string, Message][] = [
      [{ ...update, headName: "改\u001f名" }, "headName", CONTROL],
      [{ ...update, leaderId: HUGE_ID }, "leaderId", { zh: "选择无效", en: "Invalid choice" }],
      [{ intent: "leave", leftOn: "2025-02-30", leftReason: "迁出" }, "leftOn", DATE],
      [{ intent: "leave", leftOn: "2025-06-30", leftReason: "迁\u0000出" }, "leftReason", CONTROL],
    ];
    for (const [form, field, message] of cases) {
      const r = await postForm(detailAction, path, params, sec, form);
      expect(statusOf(r), JSON.stringify(form)).toBe(400);
      expect(errorsOf(r)[field], JSON.stringify(form)).toEqual(message);
    }
    const file = await postWithFile(detailAction, path, params, { intent: "leave", leftOn: "2025-06-30" }, "leftReason");
    expect(statusOf(file)).toBe(400);
    expect(errorsOf(file).leftReason).toEqual(NOT_TEXT);
    const intent = await postForm(detailAction, path, params, sec, { intent: "delete" });
    expect(statusOf(intent)).toBe(400);
    expect(errorsOf(intent)._form).toEqual({ zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" });
    expect(await written()).toEqual(before);
  });

  it("share classes and movements", async () => {
    const before = await written();
    const cases: [Record<string, string>, string, Message][] = [
      [movement({ approvedBy: "理\u0000事会" }), "approvedBy", CONTROL],
      [movement({ shareClassId: HUGE_ID }), "shareClassId", { zh: "请选择股份类别", en: "Choose a share class" }],
      [movement({ shareClassId: "NaN" }), "shareClassId", { zh: "请选择股份类别", en: "Choose a share class" }],
      [
        movement({ quantity: "NaN" }),
        "quantity",
        { zh: "股数格式不正确：请输入如 10 或 1.5", en: "Invalid number of shares: type e.g. 10 or 1.5" },
      ],
      [movement({ effectiveOn: "2025-02-30" }), "effectiveOn", DATE],
      [movement({ approvedOn: "3000-01-01" }), "approvedOn", DATE],
      [movement({ householdCode: "H\u00000003" }), "householdCode", CONTROL],
      [{ intent: "classEdit", id: HUGE_ID, name: "成员股", unitValue: "1" }, "id", { zh: "填写有误", en: "Invalid value" }],
      [{ intent: "classEdit", id: String(memberClass), name: "成员\u0000股", unitValue: "1" }, "name", CONTROL],
      [{ intent: "class", kind: "land", name: "", unitValue: "1\u0000" }, "unitValue", CONTROL],
    ];
    for (const [form, field, message] of cases) {
      const r = await postForm(sharesAction, sharesPath, p, sec, form);
      expect(statusOf(r), JSON.stringify(form)).toBe(400);
      expect(errorsOf(r)[field], JSON.stringify(form)).toEqual(message);
    }
    for (const field of ["note", "approvedBy", "quantity"]) {
      const r = await postWithFile(sharesAction, sharesPath, p, movement(), field);
      expect(statusOf(r), field).toBe(400);
      expect(errorsOf(r)[field], field).toEqual(NOT_TEXT);
    }
    expect(await written()).toEqual(before);
  });

  it("an import's commit with a token no preview gave", async () => {
    const before = await written();
    for (const token of ["x\u0000y", "a".repeat(100)]) {
      const r = await postForm(householdImport, `${list}/import`, p, sec, { intent: "commit", token });
      expect(statusOf(r)).toBe(400);
    }
    expect(await written()).toEqual(before);
  });
});

describe("the register pages' query parameters", () => {
  it("answer nonsense with a 400 naming the parameter in the reader's language", async () => {
    const cases: [typeof listLoader | typeof sharesLoader | typeof exportLoader, string, string, string][] = [
      [listLoader, `${list}?q=%00`, "q: 不能包含控制字符", "q: Control characters are not allowed"],
      [listLoader, `${list}?leader=${HUGE_ID}`, "leader: 联户长选择无效", "leader: Invalid household-group leader"],
      [listLoader, `${list}?page=NaN`, "page: 页码须为 1 以上的整数", "page: The page must be a whole number from 1"],
      [sharesLoader, `${sharesPath}?date=1900-01-01`, "date: 请输入有效日期，如 2024-03-01", "date: Enter a real date, e.g. 2024-03-01"],
      [sharesLoader, `${sharesPath}?hpage=${HUGE_ID}`, "hpage: 页码须为 1 以上的整数", "hpage: The page must be a whole number from 1"],
      [exportLoader, `${list}/export?format=csv%00`, "format: 格式只能是 csv 或 xlsx", "format: The format is csv or xlsx"],
    ];
    const en = await inEnglish(sec);
    for (const [loader, path, zh, english] of cases) {
      const r = (await get(loader, path, p, sec)) as Response;
      expect(r.status, path).toBe(400);
      expect(await r.text(), path).toBe(zh);
      expect(await ((await get(loader, path, p, en)) as Response).text(), path).toBe(english);
    }
  });

  it("ignore parameters the page does not read, and read an empty one as absent", async () => {
    const r = await get(listLoader, `${list}?saved=created&imported=3&q=&leader=&page=`, p, sec);
    expect(statusOf(r)).toBe(200);
  });
});
