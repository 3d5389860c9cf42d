import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zMoney } from "./money-field";
import { HOUSEHOLD_FLAGS, HOUSEHOLD_MESSAGES, householdFormSchema, leavingFormSchema, zodFieldErrors } from "./household";

const today = "2026-03-15";
const schema = householdFormSchema({ today });

/** What a route gets from a posted form: strings, getAll() for the multi-select. */
function form(fields: Record<string, string | string[]>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return {
    code: fd.get("code"),
    headName: fd.get("headName"),
    groupId: fd.get("groupId"),
    leaderId: fd.get("leaderId"),
    members: fd.get("members"),
    flags: fd.getAll("flags"),
    joinedOn: fd.get("joinedOn"),
    phone: fd.get("phone"),
  };
}
const good = { code: "H0001", headName: " 张三 ", groupId: "3", leaderId: "", members: "4", flags: ["脱贫户", "模范示范家庭"], joinedOn: "2020-03-01" };

function fieldErrorsOf(input: unknown, s: z.ZodTypeAny = schema) {
  const r = s.safeParse(input);
  if (r.success) throw new Error("expected a refusal");
  return zodFieldErrors(r.error).fieldErrors;
}

describe("householdFormSchema", () => {
  it("parses a posted form into typed values", () => {
    expect(schema.parse(form(good))).toEqual({
      code: "H0001",
      headName: "张三",
      groupId: 3,
      leaderId: null,
      members: 4,
      flags: ["脱贫户", "模范示范家庭"],
      joinedOn: "2020-03-01",
      phone: null,
    });
  });

  it("exports the fixed flag list", () => {
    expect(HOUSEHOLD_FLAGS).toEqual(["脱贫户", "模范示范家庭", "五保户", "低保户", "军烈属"]);
  });

  it.each([
    ["headName", { headName: "" }, HOUSEHOLD_MESSAGES["household.headName.required"]],
    ["headName", { headName: "张".repeat(51) }, HOUSEHOLD_MESSAGES["household.headName.tooLong"]],
    ["members", { members: "31" }, HOUSEHOLD_MESSAGES["household.members.range"]],
    ["members", { members: "-1" }, HOUSEHOLD_MESSAGES["household.members.range"]],
    ["members", { members: "2.5" }, HOUSEHOLD_MESSAGES["household.members.range"]],
    ["members", { members: "" }, HOUSEHOLD_MESSAGES["household.members.range"]],
    ["flags", { flags: ["脱贫户", "富户"] }, HOUSEHOLD_MESSAGES["household.flags.unknown"]],
    ["joinedOn", { joinedOn: "2023-02-29" }, HOUSEHOLD_MESSAGES["date.invalid"]],
    ["joinedOn", { joinedOn: "2026-03-16" }, HOUSEHOLD_MESSAGES["household.joinedOn.future"]],
    ["code", { code: "" }, HOUSEHOLD_MESSAGES["household.code.required"]],
    ["code", { code: "H 1" }, HOUSEHOLD_MESSAGES["household.code.format"]],
    ["groupId", { groupId: "abc" }, HOUSEHOLD_MESSAGES["household.id.invalid"]],
  ])("refuses a bad %s with its zh/en message", (field, patch, message) => {
    expect(fieldErrorsOf(form({ ...good, ...patch }))[field]).toEqual(message);
  });

  it("accepts the boundaries: 0 and 30 members, joined today, 50-character name", () => {
    for (const patch of [{ members: "0" }, { members: "30" }, { joinedOn: today }, { headName: "张".repeat(50) }]) {
      expect(schema.safeParse(form({ ...good, ...patch })).success).toBe(true);
    }
  });

  it("reports every bad field at once, keyed by field name", () => {
    const errors = fieldErrorsOf(form({ ...good, headName: "", members: "99", joinedOn: "x" }));
    expect(Object.keys(errors).sort()).toEqual(["headName", "joinedOn", "members"]);
    expect(errors.members!.zh).toBe("人口须为 0–30 的整数");
    expect(errors.members!.en).toBe("Members must be a whole number from 0 to 30");
  });

  it("treats missing fields (null from FormData) as empty", () => {
    const errors = fieldErrorsOf({});
    expect(errors.headName).toEqual(HOUSEHOLD_MESSAGES["household.headName.required"]);
    expect(errors.joinedOn).toEqual(HOUSEHOLD_MESSAGES["date.invalid"]);
  });
});

describe("leavingFormSchema", () => {
  const leaving = leavingFormSchema({ today, joinedOn: "2020-03-01" });

  it("records leaving with a date and a reason", () => {
    expect(leaving.parse({ leftOn: "2026-03-15", leftReason: " 迁出 " })).toEqual({ leftOn: "2026-03-15", leftReason: "迁出" });
    expect(leaving.safeParse({ leftOn: "2020-03-01", leftReason: "迁出" }).success).toBe(true);
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

describe("zodFieldErrors", () => {
  it("passes through custom issues that carry { zh, en } (zMoney)", () => {
    const s = z.object({ amount: zMoney() });
    expect(fieldErrorsOf({ amount: "-5" }, s)).toEqual({ amount: { zh: "金额不能为负数", en: "The amount cannot be negative" } });
  });

  it("puts path-less issues under _form and never leaks zod's English", () => {
    const s = z.object({ a: z.string() }).refine(() => false, { message: "nope" });
    expect(fieldErrorsOf({ a: "x" }, s)).toEqual({ _form: HOUSEHOLD_MESSAGES.invalid });
    expect(fieldErrorsOf({ a: 1 }, s).a).toEqual(HOUSEHOLD_MESSAGES.invalid);
  });
});
