/**
 * The distribution-rule editor's form: what a county, a village or an admin (for templates)
 * types, checked field by field with messages in both languages, turned into the stored rule's
 * values. Fields carry conform's names (`extractions[0].percent`, `split.shares`, `inKind.price`);
 * the same schema reads a submitted form on the server and the live preview's form in the
 * browser. Pure.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { isIsoDate } from "./dates";
import { messageOfIssue } from "./form";
import { id, invalidRequest, optionalText } from "./input";
import { parseMoney, formatFenPlain } from "./money";
import type { StoredRule } from "./distribution-request";

export type RuleValues = StoredRule & { validFrom: string };

/** Rows the form offers for the lists (empty rows are ignored). */
export const EXTRACTION_ROWS = 3;
export const REWARD_ROWS = 3;
export const BASES = ["shares", "households", "members"] as const;
export type Basis = (typeof BASES)[number];
export const BASIS_LABELS: Record<Basis, Message> = {
  shares: { zh: "按股", en: "Per share" },
  households: { zh: "按户", en: "Per household" },
  members: { zh: "按人口", en: "Per person" },
};

/** the form's values as typed (conform's shape): every leaf a text, the lists in fixed rows */
export type RuleFormValues = {
  documentTitle?: string;
  name?: string;
  validFrom?: string;
  noticeDays?: string;
  dividendPercent?: string;
  extractions?: ({ name?: string; percent?: string } | null)[];
  rewards?: ({ title?: string; flag?: string; amount?: string } | null)[];
  split?: Partial<Record<Basis, string>>;
  inKind?: { enabled?: string; item?: string; unit?: string; price?: string; step?: string };
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
const SAID = Object.fromEntries(Object.entries(M).map(([k, m]) => [k, said(m.zh, m.en)])) as Record<Key, string>;

/** what the rule page says above a form refused field by field */
export const RULE_FORM_INVALID: Message = { zh: "有填写错误，请按提示修改", en: "Some fields need correcting" };

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

// Every leaf is a text of the input layer (a string, no control characters, trimmed; empty is
// null); what it must say is checked below, all fields at once, so one submit shows every message.
const leaf = () => optionalText(1000);
const row = <K extends string>(keys: readonly K[]) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, leaf()])) as Record<K, ReturnType<typeof leaf>>)
    .nullable()
    .optional();
const rows = <K extends string>(keys: readonly K[], max: number) => z.array(row(keys)).max(max, invalidRequest()).optional();

const fields = z.object({
  documentTitle: leaf(),
  name: leaf(),
  validFrom: leaf(),
  noticeDays: leaf(),
  dividendPercent: leaf(),
  extractions: rows(["name", "percent"], EXTRACTION_ROWS),
  rewards: rows(["title", "flag", "amount"], REWARD_ROWS),
  split: z.object({ shares: leaf(), households: leaf(), members: leaf() }).optional(),
  inKind: z.object({ enabled: leaf(), item: leaf(), unit: leaf(), price: leaf(), step: leaf() }).optional(),
  /** a template's lineage (admins only): which template this is a new version of */
  ruleKey: optionalText(100),
});

function toRule(f: z.output<typeof fields>, ctx: z.RefinementCtx): RuleValues {
  const err = (key: Key, ...path: (string | number)[]) => ctx.addIssue({ code: z.ZodIssueCode.custom, message: SAID[key], path });
  const text = (v: string | null, ...path: (string | number)[]) => {
    if (!v) err("required", ...path);
    else if (v.length > 200) err("tooLong", ...path);
    return v ?? "";
  };
  const percent = (given: string | null, ...path: (string | number)[]) => {
    const v = (given ?? "").replace(/%$/, "");
    if (!PERCENT_RE.test(v) || percentUnits(v) > 1_000_000n) {
      err(v ? "percent" : "required", ...path);
      return null;
    }
    return trimDecimal(v);
  };
  const money = (given: string | null, positive: boolean, ...path: (string | number)[]) => {
    const r = parseMoney(given ?? "");
    if (!r.ok) err("money", ...path);
    else if (positive && r.fen <= 0n) err("positiveMoney", ...path);
    else return r.fen;
    return null;
  };

  const documentTitle = text(f.documentTitle, "documentTitle");
  const name = text(f.name, "name");
  const validFrom = f.validFrom ?? "";
  if (!isIsoDate(validFrom)) err("date", "validFrom");
  const dividendPercent = percent(f.dividendPercent, "dividendPercent");

  const extractions: { name: string; percent: string }[] = [];
  (f.extractions ?? []).forEach((r, i) => {
    if (!r?.name && !r?.percent) return;
    if (!r.name) err("rowIncomplete", "extractions", i, "name");
    const pv = percent(r.percent, "extractions", i, "percent");
    if (r.name && pv !== null) extractions.push({ name: r.name, percent: pv });
  });
  if (dividendPercent !== null) {
    const total = [dividendPercent, ...extractions.map((e) => e.percent)].reduce((a, p) => a + percentUnits(p), 0n);
    if (total > 1_000_000n) err("percentSum", "dividendPercent");
  }

  const rewards: { title: string; flag: string; amountFen: string }[] = [];
  (f.rewards ?? []).forEach((r, i) => {
    if (!r?.title && !r?.amount) return;
    if (!r.title) err("rowIncomplete", "rewards", i, "title");
    const fen = money(r.amount, false, "rewards", i, "amount");
    if (r.title && fen !== null) rewards.push({ title: r.title, flag: r.flag || r.title, amountFen: fen.toString() });
  });

  const split: RuleValues["split"] = [];
  let weightsOk = true;
  for (const basis of BASES) {
    const v = f.split?.[basis] || "0";
    if (!/^\d{1,3}$/.test(v) || Number(v) > 100) {
      err("weight", "split", basis);
      weightsOk = false;
    } else if (Number(v) > 0) split.push({ basis, weight: Number(v) });
  }
  if (weightsOk && split.reduce((a, x) => a + x.weight, 0) !== 100) err("weightSum", "split");

  let inKind: RuleValues["inKind"] = null;
  const k = f.inKind;
  if (k?.enabled) {
    const item = text(k.item, "inKind", "item");
    const unit = text(k.unit, "inKind", "unit");
    const price = money(k.price, true, "inKind", "price");
    const step = k.step || "1";
    const stepOk = /^\d{1,6}$/.test(step) && Number(step) > 0;
    if (!stepOk) err("step", "inKind", "step");
    if (item && unit && price !== null && stepOk) inKind = { item, unit, unitPriceFen: price.toString(), stepUnits: Number(step) };
  }

  const nd = f.noticeDays || "7";
  const ndOk = /^\d{1,2}$/.test(nd) && Number(nd) >= 1 && Number(nd) <= 90;
  if (!ndOk) err("noticeDays", "noticeDays");
  const noticeDays = ndOk ? Number(nd) : 7;

  return { documentTitle, name, validFrom, dividendPercent: dividendPercent ?? "0", extractions, rewards, split, inKind, noticeDays };
}

/** POST of the rule form (a county's, a village's or a template): the rule, and a template's key */
export const ruleFormSchema = fields.transform((f, ctx) => ({ rule: toRule(f, ctx), ruleKey: f.ruleKey }));

/** a field's name as conform writes it: extractions[0].name */
const nameOf = (path: (string | number)[]) =>
  path.reduce<string>((n, p) => (typeof p === "number" ? `${n}[${p}]` : n ? `${n}.${p}` : p), "");

/** The form's values (as typed, or as a refused submit gave them back) → the rule, or every field's first message. */
export function parseRuleForm(
  values: RuleFormValues | Record<string, unknown>,
): { ok: true; rule: RuleValues } | { ok: false; errors: Record<string, Message> } {
  const r = ruleFormSchema.safeParse(values);
  if (r.success) return { ok: true, rule: r.data.rule };
  const errors: Record<string, Message> = {};
  for (const issue of r.error.issues) errors[nameOf(issue.path)] ??= messageOfIssue(issue);
  return { ok: false, errors };
}

const pad = <T>(list: T[], n: number, blank: () => T) => [...list, ...Array.from({ length: Math.max(0, n - list.length) }, blank)];

/** A stored rule → the form's values (for editing it as a new version, or as a template copy), every row offered. */
export function ruleToForm(rule: RuleValues): RuleFormValues {
  return {
    documentTitle: rule.documentTitle,
    name: rule.name,
    validFrom: rule.validFrom,
    dividendPercent: trimDecimal(String(rule.dividendPercent)),
    noticeDays: String(rule.noticeDays),
    extractions: pad(
      rule.extractions.map((e) => ({ name: e.name, percent: trimDecimal(String(e.percent)) })),
      EXTRACTION_ROWS,
      () => ({ name: "", percent: "" }),
    ),
    rewards: pad(
      rule.rewards.map((w) => ({ title: w.title, flag: w.flag, amount: formatFenPlain(BigInt(w.amountFen)) })),
      REWARD_ROWS,
      () => ({ title: "", flag: "", amount: "" }),
    ),
    split: Object.fromEntries(BASES.map((b) => [b, String(rule.split.find((x) => x.basis === b)?.weight ?? 0)])),
    inKind: rule.inKind
      ? {
          enabled: "on",
          item: rule.inKind.item,
          unit: rule.inKind.unit,
          price: formatFenPlain(BigInt(rule.inKind.unitPriceFen)),
          step: String(rule.inKind.stepUnits),
        }
      : { enabled: "", item: "", unit: "", price: "", step: "" },
  };
}

/** a rule form with nothing to start from: seven days' notice, everything by household */
export function blankRuleForm(validFrom: string): RuleFormValues {
  return {
    validFrom,
    noticeDays: "7",
    extractions: pad([], EXTRACTION_ROWS, () => ({ name: "", percent: "" })),
    rewards: pad([], REWARD_ROWS, () => ({ title: "", flag: "", amount: "" })),
    split: { households: "100" },
  };
}

/** A new version's form: a copy of `rule` (or blank), valid from `validFrom`. */
export function newVersionForm(rule: RuleValues | null, validFrom: string): RuleFormValues {
  return rule ? { ...ruleToForm(rule), validFrom } : blankRuleForm(validFrom);
}

/** one line of a rule's version list */
export type RuleVersionRow = {
  id: number;
  version: number;
  validFrom: string;
  documentTitle: string;
  name: string;
  dividendPercent: string;
  noticeDays: number;
};

/** the rule pages' query parameters: ?from= a version to start from, ?village= the preview's, ?key= a template */
const fromVersion = id(said("没有这个规则版本", "No such rule version")).optional();
const previewVillage = z
  .string()
  .regex(/^[0-9]{12}$/, said("区划代码应为12位数字", "A region code has 12 digits"))
  .optional();
export const countyRulesQuery = z.object({ from: fromVersion, village: previewVillage });
export const villageRulesQuery = z.object({ from: fromVersion });
export const templatesQuery = z.object({ key: optionalText(100), village: previewVillage });
