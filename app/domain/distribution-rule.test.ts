import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseForm } from "./form";
import { parseRuleForm, percentUnits, ruleFormSchema, ruleToForm, trimDecimal, type RuleFormValues } from "./distribution-rule";

const suiyang = {
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度(暂行)》",
  name: "提取经营性纯收益30%用于村民分红",
  validFrom: "2025-01-01",
  dividendPercent: "30",
  rewards: [{ title: "模范示范家庭", amount: "500" }],
  split: { households: "100" },
  inKind: { enabled: "on", item: "大米", unit: "kg", price: "6", step: "5" },
} satisfies RuleFormValues;

describe("parseRuleForm", () => {
  it("reads 绥阳县's rule, notice days defaulting to 7", () => {
    const r = parseRuleForm(suiyang);
    expect(r).toEqual({
      ok: true,
      rule: {
        documentTitle: suiyang.documentTitle,
        name: suiyang.name,
        validFrom: "2025-01-01",
        dividendPercent: "30",
        extractions: [],
        rewards: [{ title: "模范示范家庭", flag: "模范示范家庭", amountFen: "50000" }],
        split: [{ basis: "households", weight: 100 }],
        inKind: { item: "大米", unit: "kg", unitPriceFen: "600", stepUnits: 5 },
        noticeDays: 7,
      },
    });
  });

  it("gives each bad field its message in both languages", () => {
    const r = parseRuleForm({
      ...suiyang,
      documentTitle: " ",
      validFrom: "2025-02-30",
      dividendPercent: "30.12345",
      extractions: [{ percent: "10" }],
      split: { households: "90" },
      inKind: { ...suiyang.inKind, price: "0" },
      noticeDays: "0",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      ["documentTitle", "validFrom", "dividendPercent", "extractions[0].name", "split", "inKind.price", "noticeDays"].sort(),
    );
    expect(r.errors.split).toEqual({ zh: "各项分配权重合计应为100", en: "The weights must add up to 100" });
  });

  it("refuses extractions and dividend over 100 %", () => {
    const r = parseRuleForm({ ...suiyang, extractions: [{ name: "公积公益金", percent: "70.0001" }] });
    expect(r.ok ? null : r.errors.dividendPercent?.zh).toMatch(/100%/);
  });

  it("round-trips through the form", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 90 }),
        (pct, amount, w, days) => {
          const p = trimDecimal((pct / 10_000).toFixed(4));
          const first = parseRuleForm({
            ...suiyang,
            dividendPercent: p,
            rewards: [{ ...suiyang.rewards[0], amount: String(amount / 100) }],
            split: { households: String(w), shares: String(100 - w) },
            noticeDays: String(days),
          });
          expect(first.ok).toBe(true);
          if (!first.ok) return;
          expect(percentUnits(first.rule.dividendPercent)).toBe(BigInt(pct));
          expect(parseRuleForm(ruleToForm(first.rule))).toEqual(first);
        },
      ),
    );
  });
});

describe("the rule form as posted", () => {
  it("reads conform's names the page posts, blank rows left out, and the same rule as the form's values give", () => {
    const posted = new URLSearchParams({
      documentTitle: suiyang.documentTitle,
      name: suiyang.name,
      validFrom: "2025-01-01",
      noticeDays: "",
      dividendPercent: "30",
      "extractions[0].name": "",
      "extractions[0].percent": "",
      "rewards[0].title": "模范示范家庭",
      "rewards[0].flag": "",
      "rewards[0].amount": "500",
      "rewards[1].title": "",
      "rewards[1].amount": "",
      "split.shares": "",
      "split.households": "100",
      "split.members": "",
      "inKind.enabled": "on",
      "inKind.item": "大米",
      "inKind.unit": "kg",
      "inKind.price": "6",
      "inKind.step": "5",
    });
    const submission = parseForm(posted, ruleFormSchema);
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect({ ok: true, rule: submission.value.rule }).toEqual(parseRuleForm(suiyang));
    expect(submission.value.ruleKey).toBeNull();
  });

  it("answers a NUL, a file and too many rows with the field's message, never a throw", () => {
    const posted = new FormData();
    posted.set("documentTitle", "《规则》\u0000");
    posted.set("name", new File(["x"], "x.txt"));
    for (let i = 0; i < 4; i++) posted.set(`extractions[${i}].name`, "公积金");
    const submission = parseForm(posted, ruleFormSchema);
    expect(submission.status).toBe("error");
    const error = submission.status === "error" ? submission.error : {};
    expect(error?.documentTitle?.[0]).toEqual({ zh: "不能包含控制字符", en: "Control characters are not allowed" });
    expect(error?.name?.[0]).toEqual({ zh: "请填写文字", en: "Enter text" });
    expect(error?.extractions?.[0]?.en).toBe("Invalid request; reload the page and try again");
  });
});
