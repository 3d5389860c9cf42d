import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { said } from "~/i18n/message";
import { parseForm } from "./form";
import { count, FIRST_YEAR, id, INT_MAX, isoDate, optionalText, text, year } from "./input";

const form = (entries: Record<string, string | Blob>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.set(k, v);
  return fd;
};
const parse = <S extends z.ZodTypeAny>(schema: S, value: string | Blob) => parseForm(form({ v: value }), z.object({ v: schema }));

describe("the input layer", () => {
  it("a text with a NUL or another control character is refused with the field's message; tab and line breaks are kept", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.constantFrom("\u0000", "\u0001", "\u001b", "\u007f"),
        (a, b, c) => {
          const s = parse(text({ max: 100 }), `x${a}${c}${b}`);
          expect(s.status).toBe("error");
          if (s.status === "error") expect(s.error?.v).toEqual([{ zh: "不能包含控制字符", en: "Control characters are not allowed" }]);
        },
      ),
    );
    const ok = parse(text({ max: 100 }), " 第一行\n\t第二行 ");
    expect(ok.status === "success" && ok.value.v).toBe("第一行\n\t第二行");
  });

  it("a text without control characters is accepted trimmed up to its limit, refused beyond it", () => {
    // eslint-disable-next-line no-control-regex
    const clean = fc.string({ maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s.trim() !== "");
    fc.assert(
      fc.property(clean, (s) => {
        const r = parse(text({ max: 30 }), s);
        expect(r.status).toBe("success");
        if (r.status === "success") expect(r.value.v).toBe(s.trim());
      }),
    );
    const long = parse(text({ max: 5 }), "六个字的文本");
    expect(long.status === "error" && long.error?.v).toEqual([{ zh: "不超过5字", en: "At most 5 characters" }]);
  });

  it("a file posted where a text belongs is refused, not stored as [object File]", () => {
    const r = parse(text({ max: 100 }), new File(["x"], "a.txt", { type: "text/plain" }));
    expect(r.status === "error" && r.error?.v).toEqual([{ zh: "请填写文字", en: "Enter text" }]);
    const empty = parseForm(form({}), z.object({ v: optionalText(10) }));
    expect(empty.status === "success" && empty.value.v).toBeNull();
  });

  it("an id is a whole number from 1 to PostgreSQL's integer maximum; anything else is the field's message", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: INT_MAX }), (n) => {
        const r = parse(id(), String(n));
        expect(r.status === "success" && r.value.v).toBe(n);
      }),
    );
    for (const bad of ["0", "-1", "1.5", "abc", "NaN", "Infinity", "1e309", String(INT_MAX + 1), "9007199254740993"]) {
      expect(parse(id(), bad).status, bad).toBe("error");
    }
    expect(parse(count(), "0").status).toBe("success");
    expect(parse(count(), "-1").status).toBe("error");
  });

  it("a year lies between 1949 and the year after this one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 3000 }), fc.integer({ min: 2000, max: 2100 }), (y, thisYear) => {
        const r = parse(year({ thisYear }), String(y));
        expect(r.status).toBe(y >= FIRST_YEAR && y <= thisYear + 1 ? "success" : "error");
      }),
    );
  });

  it("a date is a real calendar date: exactly those the calendar has", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_YEAR, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const value = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const t = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && d >= 1 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          expect(parse(isoDate(), value).status, value).toBe(real ? "success" : "error");
        },
      ),
    );
    for (const bad of ["2025-02-30", "0000-01-01", "2024-2-1", "20240201", "2024-02-01T00:00"])
      expect(parse(isoDate(), bad).status, bad).toBe("error");
  });

  it("a bad intent is the whole form's error, not a field's", () => {
    const schema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("a") }), z.object({ intent: z.literal("b") })]);
    const r = parseForm(form({ intent: "delete" }), schema);
    expect(r.status).toBe("error");
    const reply = r.reply();
    expect(reply.error?.intent).toBeUndefined();
    expect(reply.error?.[""]?.length).toBe(1);
  });
});

describe("texts of spaces", () => {
  it("only spaces is a missing value: the field's own message when required, null when optional", () => {
    const required = parse(text({ max: 10, min: 1, requiredMessage: said("请填写名称", "Enter a name") }), "   ");
    expect(required.status === "error" && required.error?.v).toEqual([{ zh: "请填写名称", en: "Enter a name" }]);
    const optional = parse(optionalText(10), "   ");
    expect(optional.status === "success" && optional.value.v).toBeNull();
    const long = parse(text({ max: 3, tooLongMessage: said("名称太长", "The name is too long") }), " 四个字啊 ");
    expect(long.status === "error" && long.error?.v?.[0].zh).toBe("名称太长");
  });
});
