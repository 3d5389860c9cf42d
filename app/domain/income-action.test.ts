import { describe, expect, it } from "vitest";
import { COMMENT_MAX, parseIncomeAction } from "./income-action";

describe("parseIncomeAction", () => {
  it("reads each intent with its version, and the comment of return and unlock, trimmed", () => {
    expect(parseIncomeAction({ intent: "save", version: "3" })).toEqual({ ok: true, action: { intent: "save", version: 3 } });
    expect(parseIncomeAction({ intent: "approve", version: "0", text: "ignored" })).toEqual({ ok: true, action: { intent: "approve", version: 0 } });
    expect(parseIncomeAction({ intent: "return", version: "4", text: "  请补充说明  " })).toEqual({ ok: true, action: { intent: "return", version: 4, text: "请补充说明" } });
    expect(parseIncomeAction({ intent: "unlock", version: "4" })).toEqual({ ok: true, action: { intent: "unlock", version: 4, text: "" } });
  });

  it("refuses an unknown intent or a bad version as an invalid request", () => {
    for (const fields of [{}, { intent: "delete", version: "1" }, { intent: "save" }, { intent: "save", version: "-1" }, { intent: "save", version: "1.5" }, { intent: "save", version: "1e3" }, { intent: "submit", version: "9".repeat(10) }]) {
      const r = parseIncomeAction(fields);
      expect(r.ok, JSON.stringify(fields)).toBe(false);
      if (!r.ok) expect(r).toMatchObject({ field: "_form", error: { zh: "请求无效，请刷新页面后重试" } });
    }
  });

  it("refuses a comment over 1,000 characters instead of cutting it; exactly 1,000 is fine", () => {
    expect(parseIncomeAction({ intent: "return", version: "1", text: "意".repeat(COMMENT_MAX) }).ok).toBe(true);
    for (const intent of ["return", "unlock"]) {
      const r = parseIncomeAction({ intent, version: "1", text: "意".repeat(COMMENT_MAX + 1) });
      expect(r).toEqual({ ok: false, field: "text", error: { zh: "意见或原因不能超过1000个字", en: "The comment or reason is at most 1,000 characters" } });
    }
  });
});
