import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  chinaDate,
  checkRunAction,
  earliestHandoutDay,
  earliestNoticeEnd,
  handoutDateProblem,
  noticeWindow,
  validateNoticeDates,
  type RunState,
} from "./distribution-lifecycle";

const secretary = { canWrite: true, canConfirm: false };
const town = { canWrite: false, canConfirm: true };
const notice: RunState = { kind: "regular", status: "notice", noticeTo: "2026-04-07", approvedBySecretary: null, confirmedByTown: null };

describe("dates", () => {
  it("reads the date in China", () => {
    expect(chinaDate(new Date("2026-04-07T15:59:59Z"))).toBe("2026-04-07");
    expect(chinaDate(new Date("2026-04-07T16:00:00Z"))).toBe("2026-04-08");
  });
  it("adds days across months and leap years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(earliestNoticeEnd("2026-04-01", 7)).toBe("2026-04-07");
  });
  it("addDays is undone by its opposite", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }),
        fc.integer({ min: -4000, max: 4000 }),
        (d, n) => {
          const iso = d.toISOString().slice(0, 10);
          expect(addDays(addDays(iso, n), -n)).toBe(iso);
        },
      ),
    );
  });
  it("refuses a notice shorter than the rule's days", () => {
    const today = "2026-04-01";
    expect(validateNoticeDates({ from: "2026-04-01", to: "2026-04-07", noticeDays: 7, today })).toEqual({
      ok: true,
      from: "2026-04-01",
      to: "2026-04-07",
    });
    const short = validateNoticeDates({ from: "2026-04-01", to: "2026-04-06", noticeDays: 7, today });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.errors.noticeTo?.zh).toContain("2026-04-07");
    const bad = validateNoticeDates({ from: "2026-02-30", to: "", noticeDays: 7, today });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(["noticeFrom", "noticeTo"]);
    const past = validateNoticeDates({ from: "2026-03-31", to: "2026-04-10", noticeDays: 7, today });
    expect(past.ok ? [] : Object.keys(past.errors)).toEqual(["noticeFrom"]);
  });
});

describe("checkRunAction", () => {
  it("refuses approval until the notice has ended", () => {
    expect(checkRunAction(notice, "approve", secretary, "u-sec", "2026-04-07")).toMatchObject({ ok: false, code: "wrong_state" });
    expect(checkRunAction(notice, "approve", secretary, "u-sec", "2026-04-08")).toEqual({ ok: true });
    expect(checkRunAction(notice, "approve", town, "u-town", "2026-04-08")).toMatchObject({ ok: false, code: "forbidden" });
  });
  it("needs a second person to confirm", () => {
    const approved = { ...notice, approvedBySecretary: "u-both" };
    expect(checkRunAction(notice, "confirm", town, "u-town", "2026-04-08")).toMatchObject({ ok: false });
    expect(checkRunAction(approved, "confirm", { canWrite: true, canConfirm: true }, "u-both", "2026-04-08")).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(checkRunAction(approved, "confirm", town, "u-town", "2026-04-08")).toEqual({ ok: true });
    expect(checkRunAction(approved, "confirm", secretary, "u-sec2", "2026-04-08")).toMatchObject({ ok: false, code: "forbidden" });
  });
  it("freezes approved runs: no redraft, no notice; hand-out and correction only", () => {
    const approved: RunState = { ...notice, status: "approved", approvedBySecretary: "a", confirmedByTown: "b" };
    for (const action of ["redraft", "startNotice", "withdrawNotice", "objection", "approve"] as const) {
      expect(checkRunAction(approved, action, secretary, "a", "2026-05-01").ok).toBe(false);
    }
    expect(checkRunAction(approved, "handout", secretary, "a", "2026-05-01")).toEqual({ ok: true });
    expect(checkRunAction(approved, "correct", secretary, "a", "2026-05-01")).toEqual({ ok: true });
    expect(checkRunAction({ ...approved, kind: "reversal" }, "handout", secretary, "a", "2026-05-01").ok).toBe(false);
  });
});

describe("the notice's window and the hand-out's place and date", () => {
  const run = { status: "notice" as const, noticeFrom: "2026-04-01", noticeTo: "2026-04-07" };
  it("is open from the notice's first to its last day, inclusive", () => {
    expect(noticeWindow(run, "2026-03-31")).toBe("before");
    expect(noticeWindow(run, "2026-04-01")).toBe("open");
    expect(noticeWindow(run, "2026-04-07")).toBe("open");
    expect(noticeWindow(run, "2026-04-08")).toBe("ended");
    expect(noticeWindow({ ...run, status: "approved" }, "2026-04-03")).toBe("ended");
    expect(noticeWindow({ status: "draft", noticeFrom: null, noticeTo: null }, "2026-04-03")).toBe("none");
    expect(noticeWindow({ ...run, status: "draft" }, "2026-04-03")).toBe("none");
  });
  it("sets the hand-out only on an approved run, by the secretary, until everything is handed out", () => {
    const approved: RunState = { ...notice, status: "approved", approvedBySecretary: "a", confirmedByTown: "b" };
    expect(checkRunAction(approved, "handoutPlace", secretary, "a", "2026-05-01")).toEqual({ ok: true });
    expect(checkRunAction(approved, "handoutPlace", town, "b", "2026-05-01")).toMatchObject({ ok: false, code: "forbidden" });
    expect(checkRunAction({ ...approved, status: "handed_out" }, "handoutPlace", secretary, "a", "2026-05-01")).toMatchObject({
      ok: false,
      code: "wrong_state",
    });
    expect(checkRunAction(notice, "handoutPlace", secretary, "a", "2026-05-01")).toMatchObject({ ok: false, code: "wrong_state" });
  });
  it("takes a real date not before the approval", () => {
    expect(earliestHandoutDay({ noticeTo: "2026-04-07", confirmedOn: "2026-04-10" })).toBe("2026-04-10");
    expect(earliestHandoutDay({ noticeTo: "2026-04-07", confirmedOn: null })).toBe("2026-04-08");
    expect(handoutDateProblem("2026-04-10", "2026-04-10")).toBeNull();
    expect(handoutDateProblem("2026-04-09", "2026-04-10")?.zh).toBe("发放日期不能早于方案审核确认之日（2026-04-10）");
    expect(handoutDateProblem("2026-02-30", "2026-01-01")?.zh).toBe("请填写发放日期，如 2026-01-20");
  });
});
