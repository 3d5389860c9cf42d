import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTransition, type Capacity, type Transition, type YearStatus } from "./income-workflow";

const secretary: Capacity = { canEdit: true, canApprove: false, canUnlock: false };
const town: Capacity = { canEdit: false, canApprove: true, canUnlock: false };
const bureau: Capacity = { canEdit: false, canApprove: true, canUnlock: true };

describe("income year workflow", () => {
  it("walks draft → submitted → approved, with the right people", () => {
    expect(checkTransition("draft", "submit", secretary)).toEqual({ ok: true, next: "submitted" });
    expect(checkTransition("submitted", "approve", town)).toEqual({ ok: true, next: "approved" });
    expect(checkTransition("submitted", "approve", secretary)).toMatchObject({ ok: false, code: "forbidden" });
    expect(checkTransition("draft", "submit", town)).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("returns with a comment only, and a returned year can be edited and resubmitted", () => {
    expect(checkTransition("submitted", "return", town, "  ")).toMatchObject({ ok: false, code: "invalid" });
    expect(checkTransition("submitted", "return", town, "支出缺凭证")).toEqual({ ok: true, next: "returned" });
    expect(checkTransition("returned", "save", secretary)).toEqual({ ok: true, next: "returned" });
    expect(checkTransition("returned", "submit", secretary)).toEqual({ ok: true, next: "submitted" });
  });

  it("locks an approved year: only a bureau unlocks it, with a reason", () => {
    expect(checkTransition("approved", "save", secretary)).toMatchObject({ ok: false, code: "wrong_state" });
    expect(checkTransition("approved", "unlock", town, "更正")).toMatchObject({ ok: false, code: "forbidden" });
    expect(checkTransition("approved", "unlock", bureau, "")).toMatchObject({ ok: false, code: "invalid" });
    expect(checkTransition("approved", "unlock", bureau, "发现录入错误")).toEqual({ ok: true, next: "draft" });
  });

  it("never reaches approved except from submitted by an approver", () => {
    const statuses: YearStatus[] = ["draft", "submitted", "approved", "returned"];
    const transitions: Transition[] = ["save", "submit", "approve", "return", "unlock"];
    const cap = fc.record({ canEdit: fc.boolean(), canApprove: fc.boolean(), canUnlock: fc.boolean() });
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...transitions), cap, fc.string(), (s, t, c, text) => {
        const r = checkTransition(s, t, c, text);
        if (r.ok && r.next === "approved" && s !== "approved") {
          expect(s).toBe("submitted");
          expect(c.canApprove).toBe(true);
        }
        if (r.ok && s === "approved") expect(t).toBe("unlock");
      }),
    );
  });
});
