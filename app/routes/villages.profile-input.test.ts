/**
 * The village profile's forms refuse input the database would (a NUL, a file where text goes, an
 * id past PostgreSQL's integer, a year outside 1949 … next year, NaN): each is the field's 400 in
 * both languages, and nothing is written — found by an outside fuzz, where they were 500s.
 */
import type { Message } from "~/i18n/message";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import {
  auditLog,
  cooperativePartners,
  cooperatives,
  householdLeaders,
  villageIndustries,
  villageIndustryYears,
  villagerGroups,
  villages,
} from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { todayInChina } from "~/utils/today.server";
import { action, loader } from "./villages.$code._index";

const HONGHE = "520323102201";
const TOO_BIG = "9007199254740993";
const nextYear = Number(todayInChina().slice(0, 4)) + 1;

let database: Database;
let cookie: string;
beforeAll(async () => {
  database = await seededDatabase();
  cookie = await cookieFor("sec-honghe");
});

/** a POST as the page sends it (urlencoded), or multipart when a value is a file */
function post(form: Record<string, string | File>) {
  const files = Object.values(form).some((v) => typeof v !== "string");
  const headers: Record<string, string> = { Cookie: cookie, Origin: "http://localhost:3000" };
  let body: FormData | URLSearchParams;
  if (files) {
    body = new FormData();
    for (const [k, v] of Object.entries(form)) body.append(k, v);
  } else {
    body = new URLSearchParams(form as Record<string, string>);
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return call(action, new Request(`http://localhost:3000/villages/${HONGHE}?index`, { method: "POST", headers, body }), { code: HONGHE });
}

/** everything the profile's forms write, counted (and the summary itself) */
async function written() {
  const n = async (
    table:
      | typeof auditLog
      | typeof villagerGroups
      | typeof householdLeaders
      | typeof villageIndustries
      | typeof villageIndustryYears
      | typeof cooperatives
      | typeof cooperativePartners,
  ) => Number((await database.db.select({ n: count() }).from(table))[0].n);
  const [village] = await database.db.select({ summary: villages.summary }).from(villages).where(eq(villages.code, HONGHE));
  return {
    audit: await n(auditLog),
    groups: await n(villagerGroups),
    leaders: await n(householdLeaders),
    industries: await n(villageIndustries),
    years: await n(villageIndustryYears),
    cooperatives: await n(cooperatives),
    partners: await n(cooperativePartners),
    summary: village.summary,
  };
}

const file = () => new File(["二进制"], "photo.jpg", { type: "image/jpeg" });
const CONTROL = { zh: "不能包含控制字符", en: "Control characters are not allowed" };
const TEXT = { zh: "请填写文字", en: "Enter text" };
const INDUSTRY = { zh: "请选择产业", en: "Choose an industry" };
const COUNT = { zh: "请填写非负整数", en: "A whole number, 0 or more" };

describe("/villages/:code (profile): bad input is the field's 400", () => {
  it("each bad value answers 400 with its field's message in both languages, and writes nothing", async () => {
    const loaded = (await call(loader, makeRequest(`/villages/${HONGHE}`, { cookie }), { code: HONGHE })) as Awaited<
      ReturnType<typeof loader>
    >;
    const vi = String(loaded.industries[0].id);
    const coop = loaded.organisation.cooperatives[0];
    const partners = {
      "partners[0].role": "party_branch",
      "partners[0].label": "党支部",
      "partners[1].role": "household",
      "partners[1].label": "农户",
    };
    const figures = { intent: "industryYear", villageIndustryId: vi, year: "2025" };

    const cases: [string, Record<string, string | File>, string, Message][] = [
      ["a NUL in the summary", { intent: "summary", summary: "a\u0000b" }, "summary", CONTROL],
      ["a file as the summary", { intent: "summary", summary: file() }, "summary", TEXT],
      ["a file as a group's name", { intent: "group", name: file() }, "name", TEXT],
      [
        "a leader's group past integer",
        { intent: "leader", name: "新联户长", groupId: TOO_BIG },
        "groupId",
        { zh: "村民组不正确", en: "Invalid group" },
      ],
      ["an industry past integer", { intent: "industry", industryId: TOO_BIG, description: "" }, "industryId", INDUSTRY],
      ["a file as an industry's description", { intent: "industry", industryId: "1", description: file() }, "description", TEXT],
      [
        "households driven past integer",
        { intent: "industry", industryId: "1", householdsDriven: "2147483648" },
        "householdsDriven",
        COUNT,
      ],
      ["a village industry past integer", { ...figures, villageIndustryId: TOO_BIG }, "villageIndustryId", INDUSTRY],
      [
        "a year before 1949",
        { ...figures, year: "1800" },
        "year",
        { zh: `年度应为1949至${nextYear}之间的四位数字`, en: `A year from 1949 to ${nextYear}` },
      ],
      [
        "a year after next year",
        { ...figures, year: String(nextYear + 1) },
        "year",
        { zh: `年度应为1949至${nextYear}之间的四位数字`, en: `A year from 1949 to ${nextYear}` },
      ],
      ["NaN visitors", { ...figures, visitors: "NaN" }, "visitors", COUNT],
      ["a NUL in the output unit", { ...figures, outputUnit: "吨\u0000" }, "outputUnit", CONTROL],
      [
        "a cooperative past integer",
        { intent: "cooperative", id: TOO_BIG, name: coop.name, ...partners },
        "id",
        { zh: "找不到该合作社", en: "No such cooperative" },
      ],
      [
        "a NUL in a partner's name",
        { intent: "cooperative", id: String(coop.id), name: coop.name, ...partners, "partners[1].name": "农\u0000户" },
        "partners[1].name",
        CONTROL,
      ],
      [
        "a file as a partner's label",
        { intent: "cooperative", id: String(coop.id), name: coop.name, ...partners, "partners[0].label": file() },
        "partners[0].label",
        TEXT,
      ],
    ];
    const before = await written();
    for (const [what, form, field, message] of cases) {
      const r = await post(form);
      expect(statusOf(r), what).toBe(400);
      expect(errorsOf(r)[field], what).toEqual(message);
    }
    expect(await written()).toEqual(before);
  });

  it("a request no form sends is the page's 400; a cooperative of another village is not found; nothing written", async () => {
    const before = await written();
    const bad = await post({ intent: "delete", id: "1" });
    expect(statusOf(bad)).toBe(400);
    expect(errorsOf(bad)._form).toEqual({ zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" });
    expect(statusOf(await post({}))).toBe(400);
    const [foreign] = await database.db
      .select({ id: cooperatives.id })
      .from(cooperatives)
      .where(eq(cooperatives.villageCode, "520390105201"));
    const elsewhere = await post({
      intent: "cooperative",
      id: String(foreign.id),
      name: "外村合作社",
      "partners[0].role": "party_branch",
      "partners[1].role": "household",
    });
    expect(statusOf(elsewhere)).toBe(404);
    expect(errorsOf(elsewhere)._form).toEqual({ zh: "找不到该合作社", en: "No such cooperative" });
    expect(await written()).toEqual(before);
  });

  it("the records' own refusals stand beside their fields: a group's name taken, an industry not in the catalogue or not the village's", async () => {
    expect(statusOf(await post({ intent: "group", name: "输入检验组" }))).toBe(302);
    const before = await written();
    const taken = await post({ intent: "group", name: " 输入检验组 " });
    expect(statusOf(taken)).toBe(400);
    expect(errorsOf(taken).name).toEqual({ zh: "村民组“输入检验组”已存在", en: "Group “输入检验组” exists already" });
    const unknown = await post({ intent: "industry", industryId: "999999" });
    expect(statusOf(unknown)).toBe(400);
    expect(errorsOf(unknown).industryId).toEqual({ zh: "产业目录中没有该产业", en: "Not in the industry catalogue" });
    const [foreign] = await database.db
      .select({ id: villageIndustries.id })
      .from(villageIndustries)
      .where(eq(villageIndustries.villageCode, "520390105201"));
    const notOurs = await post({ intent: "industryYear", villageIndustryId: String(foreign.id), year: "2025" });
    expect(statusOf(notOurs)).toBe(400);
    expect(errorsOf(notOurs).villageIndustryId).toEqual({ zh: "该产业不属于本村", en: "Not an industry of this village" });
    expect(await written()).toEqual(before);
  });
});
