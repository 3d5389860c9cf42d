import { describe, expect, it } from "vitest";
import { COMMENT_MAX, parseIncomeAction } from "./income-action";

const none = { industryIds: new Set<number>() };
const parse = (fields: Record<string, string>) => parseIncomeAction(new URLSearchParams(fields), none);
const valueOf = (fields: Record<string, string>) => {
  const s = parse(fields);
  return s.status === "success" ? s.value : s.error;
};
const errorsOf = (fields: Record<string, string>) => {
  const s = parse(fields);
  return s.status === "success" ? null : s.error;
};

describe("parseIncomeAction", () => {
  it("reads each intent with its version, and the comment of return and unlock, trimmed", () => {
    expect(valueOf({ intent: "save", version: "3" })).toEqual({ intent: "save", version: 3, lines: [], carriedOver: 0n, losses: 0n });
    expect(valueOf({ intent: "approve", version: "0", text: "ignored" })).toEqual({ intent: "approve", version: 0 });
    expect(valueOf({ intent: "return", version: "4", text: "  请补充说明  " })).toEqual({
      intent: "return",
      version: 4,
      text: "请补充说明",
    });
    expect(valueOf({ intent: "unlock", version: "4" })).toEqual({ intent: "unlock", version: 4, text: "" });
  });

  it("refuses an unknown intent or a bad version as an invalid request of the whole form", () => {
    const cases: Record<string, string>[] = [
      {},
      { intent: "delete", version: "1" },
      { intent: "save" },
      { intent: "save", version: "-1" },
      { intent: "save", version: "1.5" },
      { intent: "save", version: "1e3" },
      { intent: "submit", version: "9".repeat(10) },
    ];
    for (const fields of cases) {
      const errors = errorsOf(fields);
      expect(errors, JSON.stringify(fields)).toEqual({
        "": [{ zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" }],
      });
    }
  });

  it("refuses a comment over 1,000 characters instead of cutting it; exactly 1,000 is fine", () => {
    expect(parse({ intent: "return", version: "1", text: "意".repeat(COMMENT_MAX) }).status).toBe("success");
    for (const intent of ["return", "unlock"]) {
      expect(errorsOf({ intent, version: "1", text: "意".repeat(COMMENT_MAX + 1) })).toEqual({
        text: [{ zh: "意见或原因不能超过1000个字", en: "The comment or reason is at most 1,000 characters" }],
      });
    }
  });

  it("refuses control characters in a comment, beside it", () => {
    expect(errorsOf({ intent: "return", version: "1", text: "请补充\u0000说明" })).toEqual({
      text: [{ zh: "不能包含控制字符", en: "Control characters are not allowed" }],
    });
  });
});

describe("blank is absent", () => {
  it("reads a comment of spaces only as none (the workflow then asks for one)", () => {
    expect(valueOf({ intent: "return", version: "2", text: "   \n" })).toEqual({ intent: "return", version: 2, text: "" });
  });
  it("drops a row of spaces only, and asks a row whose name is spaces for its name", () => {
    const s = parse({
      intent: "save",
      version: "0",
      "lines[0].kind": "operating",
      "lines[0].description": "  ",
      "lines[0].amount": " ",
      "lines[1].kind": "operating",
      "lines[1].description": " ",
      "lines[1].amount": "5",
    });
    expect(s.status === "success" ? null : s.error).toEqual({ "lines[1].description": [{ zh: "请填写项目名称", en: "Name the item" }] });
  });
});
