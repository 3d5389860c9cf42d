import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import {
  FEN_PER_WAN,
  MAX_ABS_FEN,
  MONEY_ERRORS,
  formatFenPlain,
  formatMoney,
  formatWan,
  formatWanTrim,
  formatYuan,
  parseMoney,
  percentOfFen,
  sumFen,
} from "./money";
import { zMoney } from "./money-field";

const NEG = { allowNegative: true };
// Round trips are cheap; run them harder than fast-check's default 100.
const RUNS = { numRuns: 1000 };

function fenOf(input: string, opts = NEG): bigint {
  const r = parseMoney(input, opts);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${r.error.en}`);
  return r.fen;
}

function errorOf(input: string, opts: { allowNegative?: boolean } = {}) {
  const r = parseMoney(input, opts);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${r.fen}`);
  return r.error;
}

// Biased towards small amounts and the edges so both ends get exercised.
const anyFen = fc.oneof(
  fc.bigInt({ min: -MAX_ABS_FEN, max: MAX_ABS_FEN }),
  fc.bigInt({ min: -100_000_000n, max: 100_000_000n }),
  fc.constantFrom(0n, 1n, -1n, 99n, 100n, MAX_ABS_FEN, -MAX_ABS_FEN),
);
const nonNegFen = anyFen.map((f) => (f < 0n ? -f : f));

describe("parseMoney: examples", () => {
  it.each([
    ["140930", 14093000n],
    ["140930.5", 14093050n],
    ["140930.05", 14093005n],
    ["140,930.00", 14093000n],
    ["1,234,567.89", 123456789n],
    ["¥140,930", 14093000n],
    ["￥140,930", 14093000n],
    ["¥ 140,930.00", 14093000n],
    ["140930元", 14093000n],
    ["140,930.00 元", 14093000n],
    ["14.093万", 14093000n],
    ["14.093万元", 14093000n],
    ["14.093 万元", 14093000n],
    ["1.2亿", 12_000_000_000n],
    ["1.2亿元", 12_000_000_000n],
    ["0.0000000001亿", 1n],
    ["0.000001万", 1n],
    ["１４０，９３０．００", 14093000n],
    ["１４．０９３万元", 14093000n],
    ["  140930 \t", 14093000n],
    ["\u3000140930\u3000", 14093000n],
    ["0", 0n],
    ["0.01", 1n],
    ["007", 700n],
    ["10,000,000,000,000", 1_000_000_000_000_000n], // exactly the bound, in 元
    ["100000亿", 1_000_000_000_000_000n], // same bound, in 亿
  ])("%j → %s fen", (input, fen) => {
    expect(parseMoney(input)).toEqual({ ok: true, fen });
  });

  it("accepts a leading minus only when allowed", () => {
    expect(fenOf("-5")).toBe(-500n);
    expect(fenOf("-¥140,930.00")).toBe(-14093000n);
    expect(fenOf("¥-140,930.00")).toBe(-14093000n);
    expect(fenOf("－１.５万")).toBe(-1_500_000n);
    expect(fenOf("-0")).toBe(0n);
    expect(errorOf("-5")).toEqual(MONEY_ERRORS.negative);
    expect(errorOf("-0")).toEqual(MONEY_ERRORS.negative);
  });
});

describe("parseMoney: refusals", () => {
  it.each([
    ["", MONEY_ERRORS.empty],
    ["   ", MONEY_ERRORS.empty],
    ["abc", MONEY_ERRORS.invalid],
    ["1e5", MONEY_ERRORS.invalid],
    ["NaN", MONEY_ERRORS.invalid],
    ["Infinity", MONEY_ERRORS.invalid],
    ["1.2.3", MONEY_ERRORS.invalid],
    ["1..2", MONEY_ERRORS.invalid],
    ["5.", MONEY_ERRORS.invalid],
    [".5", MONEY_ERRORS.invalid],
    ["+5", MONEY_ERRORS.invalid],
    ["1 000", MONEY_ERRORS.invalid],
    ["0x10", MONEY_ERRORS.invalid],
    ["¥", MONEY_ERRORS.invalid],
    ["元", MONEY_ERRORS.invalid],
    ["万元", MONEY_ERRORS.invalid],
    ["5万万", MONEY_ERRORS.invalid],
    ["5元万", MONEY_ERRORS.invalid],
    ["1.234,5", MONEY_ERRORS.invalid],
    ["1.234", MONEY_ERRORS.decimalsYuan],
    ["1.234元", MONEY_ERRORS.decimalsYuan],
    ["1.0000001万", MONEY_ERRORS.decimalsWan],
    ["1.00000000001亿", MONEY_ERRORS.decimalsYi],
    ["1,2,3", MONEY_ERRORS.grouping],
    ["1234,567", MONEY_ERRORS.grouping],
    ["12,34", MONEY_ERRORS.grouping],
    ["0,123", MONEY_ERRORS.grouping],
    [",", MONEY_ERRORS.invalid],
    ["10000000000000.01", MONEY_ERRORS.tooLarge],
    ["100000.0000000001亿", MONEY_ERRORS.tooLarge],
    ["9".repeat(40), MONEY_ERRORS.tooLarge],
  ])("%j is refused", (input, error) => {
    expect(errorOf(input, NEG)).toEqual(error);
  });

  it("refuses --5 and -5 without allowNegative", () => {
    expect(errorOf("--5", NEG)).toEqual(MONEY_ERRORS.invalid);
    expect(errorOf("-¥-5", NEG)).toEqual(MONEY_ERRORS.invalid);
    expect(errorOf("-5")).toEqual(MONEY_ERRORS.negative);
  });

  it("every message is bilingual", () => {
    for (const e of Object.values(MONEY_ERRORS)) {
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).toMatch(/[A-Za-z]/);
    }
    expect(MONEY_ERRORS.invalid.zh).toBe("金额格式不正确：请输入如 140,930.00 或 14.093万");
  });

  it("property: a string with any letter other than the accepted units is refused", () => {
    const piece = fc.constantFrom(..."0123456789.,-¥￥万亿元 ".split(""), "万元", "亿元");
    // ASCII letters, plus CJK that looks like a unit but is not one we accept
    const letter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ千百角块圆美".split(""));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), letter, fc.nat(), (pieces, l, at) => {
        const i = pieces.length === 0 ? 0 : at % (pieces.length + 1);
        const s = [...pieces.slice(0, i), l, ...pieces.slice(i)].join("");
        expect(parseMoney(s, NEG).ok).toBe(false);
      }),
    );
  });

  it("property: never throws, and anything accepted is in range and re-parses from formatFenPlain", () => {
    const near = fc.constantFrom(..."0123456789.,-¥万亿元 ０１９，．".split(""));
    const input = fc.oneof(fc.string({ unit: near, maxLength: 16 }), fc.string({ unit: "grapheme", maxLength: 16 }));
    fc.assert(
      fc.property(input, (s) => {
        const r = parseMoney(s, NEG);
        if (r.ok) {
          expect(r.fen <= MAX_ABS_FEN && r.fen >= -MAX_ABS_FEN).toBe(true);
          expect(fenOf(formatFenPlain(r.fen))).toBe(r.fen);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("round trips", () => {
  it("formatYuan with and without ' 元' parses back", () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        const s = formatYuan(fen);
        expect(s.endsWith(" 元")).toBe(true);
        expect(fenOf(s)).toBe(fen);
        expect(fenOf(s.slice(0, -" 元".length))).toBe(fen);
        expect(fenOf(s.replace(" 元", "元"))).toBe(fen);
      }),
      RUNS,
    );
  });

  it("non-negative amounts round-trip without allowNegative", () => {
    fc.assert(
      fc.property(nonNegFen, (fen) => {
        expect(parseMoney(formatYuan(fen))).toEqual({ ok: true, fen });
        expect(parseMoney(formatFenPlain(fen))).toEqual({ ok: true, fen });
        expect(parseMoney(formatWanTrim(fen))).toEqual({ ok: true, fen });
      }),
      RUNS,
    );
  });

  it("formatFenPlain parses back", () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        expect(fenOf(formatFenPlain(fen))).toBe(fen);
      }),
      RUNS,
    );
  });

  it("formatWanTrim parses back, with and without 元", () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        const s = formatWanTrim(fen);
        expect(s).not.toMatch(/\.\d*0万元$/); // no trailing zeros
        expect(fenOf(s)).toBe(fen);
        expect(fenOf(s.replace(/元$/, ""))).toBe(fen);
      }),
      RUNS,
    );
  });

  it("formatMoney (both locales) parses back to the displayed value", () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        expect(fenOf(formatMoney(fen, "en"))).toBe(fen);
        const zh = formatMoney(fen, "zh-CN");
        if (zh.endsWith(" 元")) expect(fenOf(zh)).toBe(fen);
        else expect(fenOf(zh)).toBe(fenOf(formatWan(fen)));
      }),
      RUNS,
    );
  });

  it("formatWan is within half a unit of the last digit, ties away from zero", () => {
    fc.assert(
      fc.property(anyFen, fc.integer({ min: 0, max: 6 }), (fen, digits) => {
        const shown = fenOf(formatWan(fen, digits).replace(/ 万元$/, "万"));
        const unit = FEN_PER_WAN / 10n ** BigInt(digits); // fen per last shown digit
        const diff = shown - fen;
        const absDiff = diff < 0n ? -diff : diff;
        expect(absDiff * 2n <= unit).toBe(true);
        // On an exact tie the magnitude went up, never down.
        if (absDiff * 2n === unit && fen !== 0n) {
          expect(shown < 0n ? -shown : shown).toBeGreaterThan(fen < 0n ? -fen : fen);
        }
        // Formatting mirrors exactly for negatives.
        const pos = formatWan(fen < 0n ? -fen : fen, digits);
        expect(formatWan(fen, digits)).toBe(fen < 0n && !/^[0.]+ 万元$/.test(pos) ? "-" + pos : pos);
      }),
      RUNS,
    );
  });

  it("formatWan with 6 digits is exact", () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        expect(fenOf(formatWan(fen, 6).replace(" 万元", "万"))).toBe(fen);
      }),
      RUNS,
    );
  });
});

describe("formatting examples", () => {
  it("formatYuan", () => {
    expect(formatYuan(14093000n)).toBe("140,930.00 元");
    expect(formatYuan(14093000)).toBe("140,930.00 元");
    expect(formatYuan(0n)).toBe("0.00 元");
    expect(formatYuan(5n)).toBe("0.05 元");
    expect(formatYuan(-123456789n)).toBe("-1,234,567.89 元");
    expect(formatYuan(MAX_ABS_FEN)).toBe("10,000,000,000,000.00 元");
  });

  it("formatWan", () => {
    expect(formatWan(14093000n)).toBe("14.09 万元");
    expect(formatWan(14093000n, 4)).toBe("14.0930 万元");
    expect(formatWan(4227900n, 4)).toBe("4.2279 万元");
    expect(formatWan(14095000n)).toBe("14.10 万元"); // tie → up
    expect(formatWan(-14095000n)).toBe("-14.10 万元"); // tie → away from zero
    expect(formatWan(14094999n)).toBe("14.09 万元");
    expect(formatWan(-4999n)).toBe("0.00 万元"); // no "-0.00"
    expect(formatWan(-5000n)).toBe("-0.01 万元");
    expect(formatWan(14093000n, 0)).toBe("14 万元");
    expect(formatWan(MAX_ABS_FEN)).toBe("1,000,000,000.00 万元");
    expect(() => formatWan(1n, 1.5)).toThrow(RangeError);
    expect(() => formatWan(1n, -1)).toThrow(RangeError);
  });

  it("formatWanTrim", () => {
    expect(formatWanTrim(14093000n)).toBe("14.093万元");
    expect(formatWanTrim(4227900n)).toBe("4.2279万元");
    expect(formatWanTrim(100_000_000n)).toBe("100万元");
    expect(formatWanTrim(1n)).toBe("0.000001万元");
    expect(formatWanTrim(0n)).toBe("0万元");
    expect(formatWanTrim(-14093000n)).toBe("-14.093万元");
    expect(`可分配收益${formatWanTrim(14093000n)}`).toBe("可分配收益14.093万元");
  });

  it("formatFenPlain", () => {
    expect(formatFenPlain(14093000n)).toBe("140930.00");
    expect(formatFenPlain(-5n)).toBe("-0.05");
    expect(formatFenPlain(123456789n)).toBe("1234567.89");
  });

  it("formatMoney", () => {
    expect(formatMoney(14093000n, "zh-CN")).toBe("14.09 万元");
    expect(formatMoney(10_000_000n, "zh-CN")).toBe("10.00 万元"); // exactly 100,000 元
    expect(formatMoney(9_999_999n, "zh-CN")).toBe("99,999.99 元");
    expect(formatMoney(123400n, "zh-CN")).toBe("1,234.00 元");
    expect(formatMoney(-14093000n, "zh-CN")).toBe("-14.09 万元");
    expect(formatMoney(14093000n, "en")).toBe("¥140,930.00");
    expect(formatMoney(-14093000n, "en")).toBe("-¥140,930.00");
  });

  it("refuses non-integer or unsafe numbers instead of rounding them", () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
    expect(() => formatYuan(2 ** 60)).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it("sumFen", () => {
    expect(sumFen([])).toBe(0n);
    expect(sumFen([1n, 2, -3n, 14093000n])).toBe(14093000n);
    expect(sumFen(new Set([MAX_ABS_FEN, MAX_ABS_FEN]))).toBe(MAX_ABS_FEN); // Set dedups: iterable accepted
    expect(sumFen([MAX_ABS_FEN, MAX_ABS_FEN, MAX_ABS_FEN])).toBe(3n * MAX_ABS_FEN); // no overflow
  });

  it("percentOfFen examples (floored)", () => {
    expect(percentOfFen(14093000n, 30)).toBe(4227900n);
    expect(percentOfFen(14093000n, "30")).toBe(4227900n);
    expect(percentOfFen(14093000n, "30%")).toBe(4227900n);
    expect(percentOfFen(10000n, "12.5")).toBe(1250n);
    expect(percentOfFen(333n, "33.3333")).toBe(110n); // 110.99989 → 110
    expect(percentOfFen(1n, 50)).toBe(0n);
    expect(percentOfFen(-1n, 50)).toBe(-1n); // floor, not truncation
    expect(percentOfFen(100n, 0)).toBe(0n);
    expect(percentOfFen(100n, 150)).toBe(150n);
    expect(percentOfFen(100n, "0.0001")).toBe(0n);
    expect(percentOfFen(1_000_000n, "0.0001")).toBe(1n);
  });

  it("percentOfFen refuses more than 4 decimals and non-decimals", () => {
    expect(() => percentOfFen(100n, "1.23456")).toThrow(RangeError);
    expect(() => percentOfFen(100n, 0.1 + 0.2)).toThrow(RangeError); // 0.30000000000000004
    expect(() => percentOfFen(100n, 1e-7)).toThrow(RangeError);
    expect(() => percentOfFen(100n, Number.NaN)).toThrow(RangeError);
    expect(() => percentOfFen(100n, "abc")).toThrow(RangeError);
  });

  it("property: percentOfFen is the exact floor of fen × p / 100", () => {
    fc.assert(
      fc.property(anyFen, fc.integer({ min: 0, max: 1_000_000 }), (fen, p) => {
        // p is the percent × 10^4, written back out as a decimal string
        const s = `${Math.floor(p / 10_000)}.${String(p % 10_000).padStart(4, "0")}`;
        const r = percentOfFen(fen, s);
        const num = fen * BigInt(p);
        const den = 1_000_000n;
        expect(r * den <= num).toBe(true);
        expect((r + 1n) * den > num).toBe(true);
      }),
    );
  });
});

describe("zMoney", () => {
  it("yields bigint fen", () => {
    expect(zMoney().parse("14.093万元")).toBe(14093000n);
    expect(zMoney({ allowNegative: true }).parse("-¥1,000")).toBe(-100000n);
    const form = zMoney().optional();
    expect(form.parse(undefined)).toBeUndefined();
  });

  it("issues carry the zh message and the message in both languages as params.message", () => {
    const r = zMoney().safeParse("1.234");
    expect(r.success).toBe(false);
    if (r.success) return;
    const issue = r.error.issues[0];
    expect(issue?.message).toBe(MONEY_ERRORS.decimalsYuan.zh);
    expect(issue?.code).toBe("custom");
    expect(issue && "params" in issue ? issue.params : undefined).toEqual({ message: MONEY_ERRORS.decimalsYuan });
  });

  it("treats a missing form field as empty and non-strings as invalid", () => {
    const missing = zMoney().safeParse(null);
    expect(missing.success ? null : missing.error.issues[0]?.message).toBe(MONEY_ERRORS.empty.zh);
    const num = zMoney().safeParse(5);
    expect(num.success ? null : num.error.issues[0]?.message).toBe(MONEY_ERRORS.invalid.zh);
    const neg = zMoney().safeParse("-5");
    expect(neg.success ? null : neg.error.issues[0]?.message).toBe(MONEY_ERRORS.negative.zh);
  });

  it("works inside a form object", () => {
    const schema = z.object({ amount: zMoney() });
    expect(schema.parse({ amount: "140,930.00" })).toEqual({ amount: 14093000n });
    const bad = schema.safeParse({ amount: "abc" });
    expect(bad.success ? null : bad.error.issues[0]?.path).toEqual(["amount"]);
  });
});
