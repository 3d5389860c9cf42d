/**
 * The distribution-rule editor's form: what a county (or an admin, for templates) types, checked
 * field by field with messages in both languages, turned into the stored rule's values. Pure.
 */
import { z } from "zod";
import { isIsoDate } from "./dates";
import { parseMoney, formatFenPlain } from "./money";
import type { StoredRule } from "./distribution-request";
import type { Message } from "~/i18n/message";

export type RuleValues = StoredRule & { validFrom: string };
export type RuleFormErrors = Record<string, Message>;

/** Rows the form offers for the lists (empty rows are ignored). */
export const EXTRACTION_ROWS = 3;
export const REWARD_ROWS = 3;
export const BASES = ["shares", "households", "members"] as const;
export const BASIS_LABELS: Record<(typeof BASES)[number], Message> = {
  shares: { zh: "按股", en: "Per share" },
  households: { zh: "按户", en: "Per household" },
  members: { zh: "按人口", en: "Per person" },
};

const M = {
  required: { zh: "请填写此项", en: "Please fill this in" },
  tooLong: { zh: "不能超过200个字", en: "At most 200 characters" },
  date: { zh: "请填写日期，如 2026-01-01", en: "Enter a date, e.g. 2026-01-01" },
  percent: { zh: "应为0到100之间的数，最多4位小数", en: "A number from 0 to 100 with at most 4 decimals" },
  percentSum: { zh: "各项提取与分红比例合计不能超过100%", en: "Extractions and the dividend percentage add up to more than 100%" },
  weight: { zh: "应为0到100之间的整数", en: "A whole number from 0 to 100" },
  weightSum: { zh: "各项分配权重合计应为100", en: "The weights must add up to 100" },
  money: { zh: "请填写金额（元），如 500 或 1,000.50", en: "Enter an amount in yuan, e.g. 500 or 1,000.50" },
  positiveMoney: { zh: "单价应大于0", en: "The price must be more than 0" },
  step: { zh: "应为大于0的整数", en: "A whole number greater than 0" },
  noticeDays: { zh: "公示天数应为1到90之间的整数", en: "Notice days: a whole number from 1 to 90" },
  rowIncomplete: { zh: "这一行没有填完整", en: "This row is incomplete" },
} satisfies Record<string, Message>;
type Key = keyof typeof M;

const PERCENT_RE = /^\d{1,3}(?:\.\d{1,4})?$/;
/** "5.5" → 55000n (× 10^4), exact. */
export function percentUnits(p: string): bigint {
  const [i, f = ""] = p.split(".");
  return BigInt(i! + f.padEnd(4, "0"));
}
/** "30.0000" → "30", "5.5000" → "5.5". */
export function trimDecimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

const s = (v: unknown) => (typeof v === "string" ? v.trim() : "");
const err = (ctx: z.RefinementCtx, key: Key, path: string) =>
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: key, path: [path] });

const formSchema = z.record(z.string(), z.unknown()).transform((f, ctx): RuleValues => {
  const text = (name: string) => {
    const v = s(f[name]);
    if (!v) err(ctx, "required", name);
    else if (v.length > 200) err(ctx, "tooLong", name);
    return v;
  };
  const percent = (name: string) => {
    const v = s(f[name]).replace(/%$/, "");
    if (!PERCENT_RE.test(v) || percentUnits(v) > 1_000_000n) {
      err(ctx, v ? "percent" : "required", name);
      return null;
    }
    return trimDecimal(v);
  };
  const money = (name: string, positive = false) => {
    const r = parseMoney(s(f[name]));
    if (!r.ok) err(ctx, "money", name);
    else if (positive && r.fen <= 0n) err(ctx, "positiveMoney", name);
    else return r.fen;
    return null;
  };

  const documentTitle = text("documentTitle");
  const name = text("name");
  const validFrom = s(f.validFrom);
  if (!isIsoDate(validFrom)) err(ctx, "date", "validFrom");
  const dividendPercent = percent("dividendPercent");

  const extractions: { name: string; percent: string }[] = [];
  for (let i = 0; i < EXTRACTION_ROWS; i++) {
    const n = s(f[`extractions.${i}.name`]);
    const p = s(f[`extractions.${i}.percent`]);
    if (!n && !p) continue;
    if (!n) err(ctx, "rowIncomplete", `extractions.${i}.name`);
    const pv = percent(`extractions.${i}.percent`);
    if (n && pv !== null) extractions.push({ name: n, percent: pv });
  }
  if (dividendPercent !== null) {
    const total = [dividendPercent, ...extractions.map((e) => e.percent)].reduce((a, p) => a + percentUnits(p), 0n);
    if (total > 1_000_000n) err(ctx, "percentSum", "dividendPercent");
  }

  const rewards: { title: string; flag: string; amountFen: string }[] = [];
  for (let i = 0; i < REWARD_ROWS; i++) {
    const title = s(f[`rewards.${i}.title`]);
    const flag = s(f[`rewards.${i}.flag`]) || title;
    const amount = s(f[`rewards.${i}.amount`]);
    if (!title && !amount) continue;
    if (!title) err(ctx, "rowIncomplete", `rewards.${i}.title`);
    const fen = money(`rewards.${i}.amount`);
    if (title && fen !== null) rewards.push({ title, flag, amountFen: fen.toString() });
  }

  const split: RuleValues["split"] = [];
  let weightsOk = true;
  for (const basis of BASES) {
    const v = s(f[`split.${basis}`]) || "0";
    if (!/^\d{1,3}$/.test(v) || Number(v) > 100) {
      err(ctx, "weight", `split.${basis}`);
      weightsOk = false;
    } else if (Number(v) > 0) split.push({ basis, weight: Number(v) });
  }
  if (weightsOk && split.reduce((a, x) => a + x.weight, 0) !== 100) err(ctx, "weightSum", "split");

  let inKind: RuleValues["inKind"] = null;
  if (s(f["inKind.enabled"])) {
    const item = text("inKind.item");
    const unit = text("inKind.unit");
    const price = money("inKind.price", true);
    const step = s(f["inKind.step"]) || "1";
    const stepOk = /^\d{1,6}$/.test(step) && Number(step) > 0;
    if (!stepOk) err(ctx, "step", "inKind.step");
    if (item && unit && price !== null && stepOk) inKind = { item, unit, unitPriceFen: price.toString(), stepUnits: Number(step) };
  }

  const nd = s(f.noticeDays) || "7";
  const ndOk = /^\d{1,2}$/.test(nd) && Number(nd) >= 1 && Number(nd) <= 90;
  if (!ndOk) err(ctx, "noticeDays", "noticeDays");
  const noticeDays = ndOk ? Number(nd) : 7;

  return { documentTitle, name, validFrom, dividendPercent: dividendPercent ?? "0", extractions, rewards, split, inKind, noticeDays };
});

/** The posted form → the rule's values, or every field's message. */
export function parseRuleForm(form: Record<string, unknown>): { ok: true; rule: RuleValues } | { ok: false; errors: RuleFormErrors } {
  const r = formSchema.safeParse(form);
  if (r.success) return { ok: true, rule: r.data };
  const errors: RuleFormErrors = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join(".");
    errors[path] ??= M[issue.message as Key] ?? { zh: issue.message, en: issue.message };
  }
  return { ok: false, errors };
}

/** A stored rule → the form's field values (for editing it as a new version, or as a template copy). */
export function ruleToForm(rule: RuleValues): Record<string, string> {
  const out: Record<string, string> = {
    documentTitle: rule.documentTitle,
    name: rule.name,
    validFrom: rule.validFrom,
    dividendPercent: trimDecimal(String(rule.dividendPercent)),
    noticeDays: String(rule.noticeDays),
  };
  rule.extractions.forEach((e, i) => {
    out[`extractions.${i}.name`] = e.name;
    out[`extractions.${i}.percent`] = trimDecimal(String(e.percent));
  });
  rule.rewards.forEach((w, i) => {
    out[`rewards.${i}.title`] = w.title;
    out[`rewards.${i}.flag`] = w.flag;
    out[`rewards.${i}.amount`] = formatFenPlain(BigInt(w.amountFen));
  });
  for (const b of BASES) out[`split.${b}`] = String(rule.split.find((x) => x.basis === b)?.weight ?? 0);
  if (rule.inKind) {
    out["inKind.enabled"] = "on";
    out["inKind.item"] = rule.inKind.item;
    out["inKind.unit"] = rule.inKind.unit;
    out["inKind.price"] = formatFenPlain(BigInt(rule.inKind.unitPriceFen));
    out["inKind.step"] = String(rule.inKind.stepUnits);
  }
  return out;
}
