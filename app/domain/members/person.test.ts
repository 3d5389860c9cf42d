import { describe, expect, it } from "vitest";
import { messageOfText } from "~/i18n/message";
import { makeIdNumber } from "./id-number";
import { lossSchema, MEMBER_MESSAGES, personSchema } from "./person";
import { REFUSED_LOSS_REASONS } from "./register";

const today = "2026-12-04";
const good = {
  name: "王秀英",
  relation: "parent",
  sex: "female",
  birthDate: "1938-02-11",
  idNumber: makeIdNumber("520323", "1938-02-11", 124),
  phone: "",
  confirmedOn: "2016-05-01",
  confirmationBasis: "reform",
  confirmationResolution: "2016年产权制度改革成员确认名单",
};
const issues = (r: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), messageOfText(i.message).zh]));

describe("a person of the register", () => {
  it("takes a member born before 1949, with the ID number normalised and the checkbox off", () => {
    const r = personSchema({ today }).safeParse({ ...good, idNumber: ` ${good.idNumber.slice(0, 9)} ${good.idNumber.slice(9)} ` });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({
      birthDate: "1938-02-11",
      idNumber: good.idNumber,
      phone: null,
      smsConsent: false,
      civilCapacity: "by_age",
    });
  });

  it("refuses an ID number that disagrees with the birth date or the sex, and a wrong check digit", () => {
    expect(issues(personSchema({ today }).safeParse({ ...good, birthDate: "1938-02-12" }))).toEqual({
      idNumber: MEMBER_MESSAGES["member.idNumber.birthMismatch"].zh,
    });
    expect(issues(personSchema({ today }).safeParse({ ...good, sex: "male" }))).toEqual({
      idNumber: MEMBER_MESSAGES["member.idNumber.sexMismatch"].zh,
    });
    const wrong = good.idNumber.slice(0, 17) + (good.idNumber[17] === "1" ? "2" : "1");
    expect(issues(personSchema({ today }).safeParse({ ...good, idNumber: wrong }))).toEqual({
      idNumber: MEMBER_MESSAGES["member.idNumber.checkDigit"].zh,
    });
  });

  it("refuses consent to texts without a number, a confirmation before birth or in the future, a birth in the future", () => {
    expect(issues(personSchema({ today }).safeParse({ ...good, smsConsent: "on" }))).toEqual({
      smsConsent: MEMBER_MESSAGES["member.smsConsent.noPhone"].zh,
    });
    expect(issues(personSchema({ today }).safeParse({ ...good, confirmedOn: "1937-01-01" }))).toEqual({
      confirmedOn: MEMBER_MESSAGES["member.confirmedOn.beforeBirth"].zh,
    });
    expect(
      issues(personSchema({ today }).safeParse({ ...good, idNumber: "", birthDate: "2027-01-01", confirmedOn: "2027-01-02" })),
    ).toEqual({
      birthDate: MEMBER_MESSAGES["member.birthDate.future"].zh,
      confirmedOn: MEMBER_MESSAGES["member.confirmedOn.future"].zh,
    });
  });
});

describe("the loss of membership", () => {
  const loss = lossSchema({ today, confirmedOn: "2016-05-01" });

  it("takes the law's reasons, and 其他 with its words", () => {
    expect(loss.safeParse({ lostOn: "2026-01-05", lossReason: "death" }).success).toBe(true);
    expect(loss.safeParse({ lostOn: "2026-01-05", lossReason: "voluntary_exit", lossNote: "本人书面申请（因外嫁）" }).success).toBe(true);
    expect(loss.safeParse({ lostOn: "2026-01-05", lossReason: "other", lossNote: "户籍迁出并经成员大会确认" }).success).toBe(true);
  });

  it("refuses marriage, divorce, widowhood (Art. 8) and study, army service, migrant work (Art. 18) with the article's words", () => {
    for (const reason of REFUSED_LOSS_REASONS) {
      const said = issues(loss.safeParse({ lostOn: "2026-01-05", lossReason: reason })).lossReason!;
      expect(said).toContain(["marriage", "divorce", "widowhood"].includes(reason) ? "第八条" : "第十八条");
    }
    expect(issues(loss.safeParse({ lostOn: "2026-01-05", lossReason: "other", lossNote: "外嫁到邻村" })).lossNote).toContain("第八条");
    expect(issues(loss.safeParse({ lostOn: "2026-01-05", lossReason: "other", lossNote: "长期外出务工" })).lossNote).toContain("第十八条");
  });

  it("refuses a loss before the confirmation, in the future, 其他 without words, and an unknown reason", () => {
    expect(Object.keys(issues(loss.safeParse({ lostOn: "2015-01-01", lossReason: "death" })))).toEqual(["lostOn"]);
    expect(Object.keys(issues(loss.safeParse({ lostOn: "2027-01-01", lossReason: "death" })))).toEqual(["lostOn"]);
    expect(issues(loss.safeParse({ lostOn: "2026-01-05", lossReason: "other" }))).toEqual({
      lossNote: MEMBER_MESSAGES["member.lossNote.required"].zh,
    });
    expect(issues(loss.safeParse({ lostOn: "2026-01-05", lossReason: "moved" }))).toEqual({
      lossReason: MEMBER_MESSAGES["member.lossReason.invalid"].zh,
    });
  });
});
