import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIsoDate } from "../dates";
import { parseForm } from "../form";
import { lastFourOf, memberLossSchema, memberUpdateSchema } from "./forms";
import { makeIdNumber } from "./id-number";
import { lossSchema, personSchema } from "./person";
import {
  LOSS_REASONS,
  REFUSED_LOSS_REASONS,
  ageOn,
  assemblyCountOn,
  countsOn,
  hasFullCapacityOn,
  isMemberOn,
  refusedReasonIn,
  registerOn,
  type Capacity,
  type RegisterPerson,
} from "./register";
import { changesOf } from "./view";

const day = (d: Date) => d.toISOString().slice(0, 10);
const isoDay = fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true }).map(day);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000));

/** a person with a confirmation, maybe a loss after it */
const person: fc.Arbitrary<RegisterPerson> = fc
  .record({
    householdId: fc.integer({ min: 1, max: 6 }),
    birthDate: isoDay,
    confirmedAfterBirth: fc.integer({ min: 0, max: 20_000 }),
    lostAfter: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
    civilCapacity: fc.constantFrom<Capacity>("by_age", "by_age", "full", "limited"),
  })
  .map((p) => {
    const confirmedOn = addDays(p.birthDate, p.confirmedAfterBirth);
    return {
      householdId: p.householdId,
      birthDate: p.birthDate,
      confirmedOn,
      lostOn: p.lostAfter === null ? null : addDays(confirmedOn, p.lostAfter),
      civilCapacity: p.civilCapacity,
    };
  });

/** the day a person born on `birthDate` turns 18: the same day 18 years on, or 1 March when that year has no 29 February */
function eighteenth(birthDate: string): string {
  const year = Number(birthDate.slice(0, 4)) + 18;
  const same = `${year}${birthDate.slice(4)}`;
  return isIsoDate(same) ? same : `${year}-03-01`;
}

describe("the register on a date", () => {
  it("a member from the confirmation date, no longer one from the date of loss", () => {
    fc.assert(
      fc.property(person, (p) => {
        expect(isMemberOn(p, p.confirmedOn)).toBe(p.lostOn !== p.confirmedOn);
        expect(isMemberOn(p, addDays(p.confirmedOn, -1))).toBe(false);
        if (p.lostOn) {
          expect(isMemberOn(p, p.lostOn)).toBe(false);
          expect(isMemberOn(p, addDays(p.lostOn, 1))).toBe(false);
          if (p.lostOn > p.confirmedOn) expect(isMemberOn(p, addDays(p.lostOn, -1))).toBe(true);
        } else expect(isMemberOn(p, "9999-12-31")).toBe(true);
      }),
    );
  });

  it("the register, the households' counts and the assembly's count agree on any date", () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), isoDay, (persons, on) => {
        const register = registerOn(persons, on);
        expect(register).toEqual(persons.filter((p) => isMemberOn(p, on)));
        const counts = countsOn(persons, on);
        expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(register.length);
        for (const [household, n] of counts) expect(n).toBe(register.filter((p) => p.householdId === household).length);
        expect([...counts.values()].every((n) => n > 0)).toBe(true);
        const assembly = assemblyCountOn(persons, on);
        expect(assembly).toBe(register.filter((p) => hasFullCapacityOn(p, on)).length);
        expect(assembly).toBeLessThanOrEqual(register.length);
      }),
    );
  });

  it("a loss recorded later does not change the register before its date", () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 30 }), fc.nat(29), isoDay, (persons, which, on) => {
        fc.pre(persons.length > 0);
        const i = which % persons.length;
        const p = persons[i]!;
        fc.pre(p.lostOn === null && on >= p.confirmedOn);
        const later = persons.map((x, j) => (j === i ? { ...x, lostOn: addDays(on, 1) } : x));
        const members = (list: RegisterPerson[], d: string) => list.flatMap((x, j) => (isMemberOn(x, d) ? [j] : []));
        expect(members(later, on)).toEqual(members(persons, on));
        expect(registerOn(later, addDays(on, 1))).toHaveLength(registerOn(persons, addDays(on, 1)).length - 1);
      }),
    );
  });
});

describe("civil capacity", () => {
  it("by age: full from the 18th birthday on, not the day before (29 February: from 1 March)", () => {
    fc.assert(
      fc.property(isoDay, (birthDate) => {
        const p = { birthDate, civilCapacity: "by_age" as const };
        const from = eighteenth(birthDate);
        expect(hasFullCapacityOn(p, from)).toBe(true);
        expect(hasFullCapacityOn(p, addDays(from, -1))).toBe(false);
        expect(ageOn(birthDate, from)).toBe(18);
      }),
    );
    const leap = { birthDate: "2008-02-29", civilCapacity: "by_age" as const };
    expect(hasFullCapacityOn(leap, "2026-02-28")).toBe(false);
    expect(hasFullCapacityOn(leap, "2026-03-01")).toBe(true);
    expect(hasFullCapacityOn(leap, "2028-02-29")).toBe(true);
    expect(ageOn("2008-02-29", "2024-02-29")).toBe(16);
  });

  it("marked full or limited, whatever the age", () => {
    fc.assert(
      fc.property(isoDay, isoDay, (birthDate, on) => {
        expect(hasFullCapacityOn({ birthDate, civilCapacity: "full" }, on)).toBe(true);
        expect(hasFullCapacityOn({ birthDate, civilCapacity: "limited" }, on)).toBe(false);
      }),
    );
  });
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};
const today = "2026-03-20";

describe("the reasons a membership may end for", () => {
  const refusedWords = ["结婚", "外嫁", "出嫁", "嫁到外村", "离婚", "丧偶", "上大学", "读书", "参军", "服兵役", "外出务工", "打工", "经商"];

  it("a refused reason is never accepted, chosen or written under 其他, and is answered with its article", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REFUSED_LOSS_REASONS),
        fc.constantFrom(...refusedWords),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (reason, word, before, after) => {
          const schema = lossSchema({ today, confirmedOn: "2020-01-01" });
          const chosen = schema.safeParse({ lostOn: "2025-06-01", lossReason: reason, lossNote: "" });
          expect(chosen.success).toBe(false);
          expect(JSON.stringify(chosen.error?.issues)).toMatch(/第(八|十八)条/);
          const note = `${before}${word}${after}`.slice(0, 200);
          const written = schema.safeParse({ lostOn: "2025-06-01", lossReason: "other", lossNote: note });
          expect(written.success, note).toBe(false);
          expect(refusedReasonIn(note)).not.toBeNull();
        },
      ),
    );
  });

  it("any reason outside the law's list is refused; the law's (with words for 其他) are taken", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (reason) => {
        fc.pre(!(LOSS_REASONS as readonly string[]).includes(reason.trim()));
        expect(lossSchema({ today, confirmedOn: "2020-01-01" }).safeParse({ lostOn: "2025-06-01", lossReason: reason }).success).toBe(
          false,
        );
      }),
    );
    for (const reason of LOSS_REASONS) {
      const r = lossSchema({ today, confirmedOn: "2020-01-01" }).safeParse({
        lostOn: "2025-06-01",
        lossReason: reason,
        lossNote: reason === "other" ? "经成员大会决议除名" : "",
      });
      expect(r.success, reason).toBe(true);
    }
  });

  it("the page's loss form: before the confirmation or after today is refused beside the date", () => {
    const schema = memberLossSchema({ today, confirmedOn: "2020-01-01" });
    const early = parseForm(form({ intent: "loss", version: "1", lostOn: "2019-12-31", lossReason: "death" }), schema);
    expect(early.status === "error" && early.error?.lostOn?.[0]).toMatchObject({ zh: "丧失日期不能早于确认日期" });
    const late = parseForm(form({ intent: "loss", version: "1", lostOn: "2026-03-21", lossReason: "death" }), schema);
    expect(late.status === "error" && late.error?.lostOn?.[0]).toMatchObject({ zh: "丧失日期不能晚于今天" });
    const good = parseForm(form({ intent: "loss", version: "3", lostOn: "2026-03-20", lossReason: "death" }), schema);
    expect(good.status === "success" && good.value).toMatchObject({
      version: 3,
      lostOn: "2026-03-20",
      lossReason: "death",
      lossNote: null,
    });
  });
});

describe("the person's forms", () => {
  const id = makeIdNumber("520323", "1980-01-01", 123);
  const person = {
    name: "王小红",
    relation: "spouse",
    sex: "male",
    birthDate: "1980-01-01",
    idNumber: id,
    civilCapacity: "",
    confirmedOn: "2025-05-01",
    confirmationBasis: "reform",
    confirmationResolution: "2025年第1次成员大会决议",
  };

  it("the ID number must agree with the birth date and the sex", () => {
    expect(personSchema({ today }).safeParse(person).success).toBe(true);
    const other = personSchema({ today }).safeParse({ ...person, sex: "female", birthDate: "1980-01-02" });
    expect(other.success).toBe(false);
    expect(other.error?.issues.map((i) => i.message).join()).toMatch(/出生日期与身份证号中的不一致.*性别与身份证号不一致/);
  });

  it("editing: removing the number and typing one are not both asked for", () => {
    const schema = memberUpdateSchema({ today });
    const both = parseForm(form({ intent: "update", version: "1", householdCode: "H0001", ...person, clearIdNumber: "on" }), schema);
    expect(both.status === "error" && both.error?.clearIdNumber?.[0]).toMatchObject({ zh: "要删除身份证号，请把号码栏留空" });
    const kept = parseForm(form({ intent: "update", version: "1", householdCode: "H0001", ...person, idNumber: "" }), schema);
    expect(kept.status === "success" && kept.value).toMatchObject({ idNumber: null, clearIdNumber: false, version: 1 });
  });

  it("a search of four digits (or three and X) is an ID number's last four", () => {
    expect(lastFourOf("1234")).toBe("1234");
    expect(lastFourOf(" 123x ")).toBe("123X");
    expect(lastFourOf("12X4")).toBeNull();
    expect(lastFourOf("王小红")).toBeNull();
    expect(lastFourOf("12345")).toBeNull();
  });

  it("a history row's changes, field by field", () => {
    expect(changesOf({ relation: "child" }, { relation: "head" })).toEqual([{ field: "relation", before: "child", after: "head" }]);
    expect(changesOf(null, { name: "王小红", phone: null, smsConsent: false, junk: 1 })).toEqual([
      { field: "name", before: null, after: "王小红" },
      { field: "smsConsent", before: null, after: false },
    ]);
  });
});
