import { describe, expect, it } from "vitest";
import type { ZodTypeAny } from "zod";
import { parseForm } from "./form";
import { HOUSEHOLD_FLAGS, HOUSEHOLD_MESSAGES, householdFormSchema, householdPageSchema, leavingFormSchema } from "./household";

const today = "2026-03-15";
const schema = householdFormSchema({ today });

/** What a route gets from a posted form: FormData, a field once per ticked checkbox. */
function form(fields: Record<string, string | string[] | File | null>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === null) continue;
    for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  }
  return fd;
}
const good = {
  code: "H0001",
  headName: " 张三 ",
  groupId: "3",
  leaderId: "",
  flags: ["脱贫户", "模范示范家庭"],
  joinedOn: "2020-03-01",
};

function parsed(fields: Record<string, string | string[] | File | null>, s: ZodTypeAny = schema) {
  const submission = parseForm(form(fields), s);
  if (submission.status !== "success") throw new Error(`expected a success: ${JSON.stringify(submission.error)}`);
  return submission.value;
}
/** the first message of each field, as the page shows them */
function fieldErrorsOf(fields: Record<string, string | string[] | File | null>, s: ZodTypeAny = schema) {
  const submission = parseForm(form(fields), s);
  if (submission.status === "success") throw new Error("expected a refusal");
  return Object.fromEntries(Object.entries(submission.error ?? {}).map(([k, m]) => [k === "" ? "_form" : k, m?.[0]]));
}

describe("householdFormSchema", () => {
  it("parses a posted form into typed values", () => {
    expect(parsed(good)).toEqual({
      code: "H0001",
      headName: "张三",
      groupId: 3,
      leaderId: null,
      flags: ["脱贫户", "模范示范家庭"],
      joinedOn: "2020-03-01",
      phone: null,
    });
  });

  it("has no member count: a posted members field, good or bad, is dropped and never refused (the 成员名册 counts)", () => {
    for (const members of ["4", "99", "很多", "-1", ""]) {
      const value = parsed({ ...good, members });
      expect(value).not.toHaveProperty("members");
      expect(value).toMatchObject({ code: "H0001", headName: "张三" });
    }
    expect(HOUSEHOLD_MESSAGES).not.toHaveProperty("household.members.range");
  });

  it("exports the fixed flag list", () => {
    expect(HOUSEHOLD_FLAGS).toEqual(["脱贫户", "模范示范家庭", "五保户", "低保户", "军烈属"]);
  });

  it.each([
    ["headName", { headName: "" }, HOUSEHOLD_MESSAGES["household.headName.required"]],
    ["headName", { headName: "张".repeat(51) }, HOUSEHOLD_MESSAGES["household.headName.tooLong"]],
    ["flags", { flags: ["脱贫户", "富户"] }, HOUSEHOLD_MESSAGES["household.flags.unknown"]],
    ["joinedOn", { joinedOn: "2023-02-29" }, HOUSEHOLD_MESSAGES["date.invalid"]],
    ["joinedOn", { joinedOn: "2026-03-16" }, HOUSEHOLD_MESSAGES["household.joinedOn.future"]],
    ["code", { code: "" }, HOUSEHOLD_MESSAGES["household.code.required"]],
    ["code", { code: "H 1" }, HOUSEHOLD_MESSAGES["household.code.format"]],
    ["groupId", { groupId: "abc" }, HOUSEHOLD_MESSAGES["household.id.invalid"]],
    ["groupId", { groupId: "9007199254740993" }, HOUSEHOLD_MESSAGES["household.id.invalid"]],
  ])("refuses a bad %s with its zh/en message", (field, patch, message) => {
    expect(fieldErrorsOf({ ...good, ...patch })[field]).toEqual(message);
  });

  it("refuses control characters and files in text fields, and impossible dates, with the field's message", () => {
    expect(fieldErrorsOf({ ...good, headName: "张\u0000三" }).headName).toEqual({
      zh: "不能包含控制字符",
      en: "Control characters are not allowed",
    });
    expect(fieldErrorsOf({ ...good, headName: new File(["x"], "a.txt") }).headName).toEqual({ zh: "请填写文字", en: "Enter text" });
    expect(fieldErrorsOf({ ...good, code: "H\u00070001" }).code).toEqual({
      zh: "不能包含控制字符",
      en: "Control characters are not allowed",
    });
    expect(fieldErrorsOf({ ...good, joinedOn: "2025-02-30" }).joinedOn).toEqual(HOUSEHOLD_MESSAGES["date.invalid"]);
    expect(fieldErrorsOf({ ...good, joinedOn: "0000-01-01" }).joinedOn).toEqual(HOUSEHOLD_MESSAGES["date.invalid"]);
  });

  it("accepts the boundaries: joined today, 50-character name, 20-character code", () => {
    for (const patch of [{ joinedOn: today }, { headName: "张".repeat(50) }, { code: "H".repeat(20) }]) {
      expect(parseForm(form({ ...good, ...patch }), schema).status).toBe("success");
    }
  });

  it("reports every bad field at once, keyed by field name", () => {
    const errors = fieldErrorsOf({ ...good, headName: "", flags: "富户", joinedOn: "x", members: "99" });
    expect(Object.keys(errors).sort()).toEqual(["flags", "headName", "joinedOn"]);
    expect(errors.flags).toEqual(HOUSEHOLD_MESSAGES["household.flags.unknown"]);
    expect(errors.joinedOn).toEqual(HOUSEHOLD_MESSAGES["date.invalid"]);
  });

  it("treats missing fields as empty", () => {
    const errors = fieldErrorsOf({});
    expect(errors.headName).toEqual(HOUSEHOLD_MESSAGES["household.headName.required"]);
    expect(errors.joinedOn).toEqual(HOUSEHOLD_MESSAGES["date.invalid"]);
  });
});

describe("leavingFormSchema", () => {
  const leaving = leavingFormSchema({ today, joinedOn: "2020-03-01" });

  it("records leaving with a date and a reason", () => {
    expect(parsed({ leftOn: "2026-03-15", leftReason: " 迁出 " }, leaving)).toEqual({ leftOn: "2026-03-15", leftReason: "迁出" });
    expect(parsed({ leftOn: "2020-03-01", leftReason: "迁出" }, leaving)).toEqual({ leftOn: "2020-03-01", leftReason: "迁出" });
  });

  it.each([
    ["leftOn", { leftOn: "2020-02-29", leftReason: "迁出" }, HOUSEHOLD_MESSAGES["household.leftOn.beforeJoined"]],
    ["leftOn", { leftOn: "2026-03-16", leftReason: "迁出" }, HOUSEHOLD_MESSAGES["household.leftOn.future"]],
    ["leftOn", { leftOn: "2026-13-01", leftReason: "迁出" }, HOUSEHOLD_MESSAGES["date.invalid"]],
    ["leftReason", { leftOn: "2026-01-01", leftReason: "   " }, HOUSEHOLD_MESSAGES["household.leftReason.required"]],
    ["leftReason", { leftOn: "2026-01-01", leftReason: null }, HOUSEHOLD_MESSAGES["household.leftReason.required"]],
  ])("refuses a bad %s", (field, input, message) => {
    expect(fieldErrorsOf(input, leaving)[field]).toEqual(message);
  });
});

describe("householdPageSchema", () => {
  const page = householdPageSchema({ today, joinedOn: "2020-03-01" });

  it("tells the edit form from the leaving form by intent; any other intent is the whole form's error", () => {
    const update = parsed({ ...good, intent: "update", members: "7" }, page);
    expect(update).toMatchObject({ intent: "update", headName: "张三" });
    expect(update).not.toHaveProperty("members");
    expect(parsed({ intent: "leave", leftOn: "2026-01-01", leftReason: "迁出" }, page)).toEqual({
      intent: "leave",
      leftOn: "2026-01-01",
      leftReason: "迁出",
    });
    expect(fieldErrorsOf({ intent: "delete" }, page)).toEqual({
      _form: { zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" },
    });
  });
});
