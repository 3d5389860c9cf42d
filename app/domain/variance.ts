/**
 * Year-on-year variance of income and expense lines (同比变动). A line — or a kind's total — that
 * moves more than ±threshold % against last year is flagged; a flagged item needs a note
 * (income_lines.varianceNote) before the year can be submitted. All comparisons are exact
 * BigInt arithmetic on fen; the percent shown is rounded to one decimal only for display.
 */
import type { LineKind } from "./income";
import type { Message } from "~/i18n/message";

export type VarianceLine = {
  kind: LineKind;
  villageIndustryId: number | null;
  description: string;
  amountFen: bigint;
  varianceNote?: string | null;
};

export type VarianceFlag = {
  /** `line:<kind>:<industry id or ->:<description>` or `total:<kind>` */
  lineKey: string;
  scope: "line" | "total";
  kind: LineKind;
  lastYearFen: bigint;
  thisYearFen: bigint;
  /** +80.0, −100.0 … (rounded half away from zero to one decimal) */
  changePercent: number;
  hasNote: boolean;
} & Message;
export type SubmissionBlocker = { lineKey: string; changePercent: number } & Message;

export const DEFAULT_VARIANCE_THRESHOLD = 50;

export const LINE_KIND_LABELS: Record<LineKind, Message> = {
  operating: { zh: "经营收入", en: "operating income" },
  contracting: { zh: "发包及上交收入", en: "contracting income" },
  investment: { zh: "投资收益", en: "investment income" },
  subsidy: { zh: "补助收入", en: "subsidies" },
  other: { zh: "其他收入", en: "other income" },
  operating_cost: { zh: "经营支出", en: "operating costs" },
  management: { zh: "管理费用", en: "management costs" },
  other_expense: { zh: "其他支出", en: "other expenses" },
};

// Same item typed slightly differently each year ("茶苗 销售", "茶苗销售", full-width letters).
const normDescription = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** The key matching a line to last year's: kind + industry + description. */
export function lineKey(line: Pick<VarianceLine, "kind" | "villageIndustryId" | "description">): string {
  return `line:${line.kind}:${line.villageIndustryId ?? "-"}:${normDescription(line.description)}`;
}

const hasText = (s: string | null | undefined) => typeof s === "string" && s.trim() !== "";

/** Threshold percent (≤ 4 decimals, e.g. 50 or 33.5) → integer ×10^4, so the test stays exact. */
function thresholdScaled(threshold: number): bigint {
  if (!Number.isFinite(threshold) || threshold < 0) throw new RangeError(`variance: bad threshold ${threshold}`);
  return BigInt(Math.round(threshold * 10_000));
}

/** (this − last) / last × 100, rounded half away from zero to one decimal. last ≠ 0. */
function changePercent(last: bigint, now: bigint): number {
  const num = (now - last) * 2000n; // ×100 for percent, ×10 for one decimal, ×2 for rounding
  const den = last < 0n ? -last : last;
  const q = num / den; // truncates toward zero
  const tenths = (q + (q < 0n ? -1n : 1n)) / 2n;
  return Number(tenths) / 10;
}

type Item = {
  scope: "line" | "total";
  kind: LineKind;
  label: string;
  key: string;
  last: bigint;
  now: bigint;
  /** has at least one line this year (else there is nothing to hold a note) */
  present: boolean;
  hasNote: boolean;
};

function describe(item: Item, pct: number, threshold: number): Message {
  const sign = pct > 0 ? "+" : "";
  const kind = LINE_KIND_LABELS[item.kind];
  const what =
    item.scope === "total"
      ? { zh: `${kind.zh}合计`, en: `Total ${kind.en}` }
      : { zh: `“${item.label}”（${kind.zh}）`, en: `"${item.label}" (${kind.en})` };
  const ask =
    item.scope === "total"
      ? { zh: "请在该类任一行填写说明", en: "add a note on one of its lines" }
      : { zh: "请填写说明", en: "add a note" };
  return {
    zh: `${what.zh}较上年变动 ${sign}${pct.toFixed(1)}%，超过 ±${threshold}%，${ask.zh}`,
    en: `${what.en} changed ${sign}${pct.toFixed(1)}% against last year, more than ±${threshold}%: ${ask.en}`,
  };
}

/**
 * Every item that moves more than ±threshold % against last year, noted or not (the form shows
 * them as the user types). Lines are matched by lineKey (several lines with one key are summed);
 * each kind's total is compared too, so splitting or renaming a line cannot hide a large move.
 * Not flagged: a line or kind with no counterpart last year, or whose last-year amount was 0 —
 * there is no base to take a percentage of, and a new line is not a variance. A line kept at
 * zero is flagged at −100 %; a line dropped altogether shows in its kind's total instead.
 */
export function varianceFlags(
  lines: readonly VarianceLine[],
  lastYearLines: readonly VarianceLine[],
  threshold: number = DEFAULT_VARIANCE_THRESHOLD,
): VarianceFlag[] {
  const limit = thresholdScaled(threshold);
  const items = new Map<string, Item>();
  const add = (key: string, seed: Pick<Item, "scope" | "kind" | "label" | "key">, year: "last" | "now", l: VarianceLine) => {
    const item = items.get(key) ?? { ...seed, last: 0n, now: 0n, present: false, hasNote: false };
    item[year] += l.amountFen;
    if (year === "now") {
      item.present = true;
      if (hasText(l.varianceNote)) item.hasNote = true;
    }
    items.set(key, item);
  };
  for (const [year, list] of [
    ["last", lastYearLines],
    ["now", lines],
  ] as const) {
    for (const l of list) {
      add(lineKey(l), { scope: "line", kind: l.kind, label: l.description.trim(), key: lineKey(l) }, year, l);
      add(`total:${l.kind}`, { scope: "total", kind: l.kind, label: "", key: `total:${l.kind}` }, year, l);
    }
  }
  const flags: VarianceFlag[] = [];
  for (const item of items.values()) {
    if (item.last === 0n) continue;
    // A line dropped this year has nowhere to hold a note; its kind's total carries the move.
    if (item.scope === "line" && !item.present) continue;
    const diff = item.now - item.last;
    const absDiff = diff < 0n ? -diff : diff;
    const base = item.last < 0n ? -item.last : item.last;
    // |Δ| / last > threshold / 100, cross-multiplied (threshold is scaled by 10^4).
    if (absDiff * 1_000_000n <= limit * base) continue;
    const pct = changePercent(item.last, item.now);
    flags.push({
      lineKey: item.key,
      scope: item.scope,
      kind: item.kind,
      lastYearFen: item.last,
      thisYearFen: item.now,
      changePercent: pct,
      hasNote: item.hasNote,
      ...describe(item, pct, threshold),
    });
  }
  return flags;
}

/**
 * What stops the year being submitted: flagged items without a note. A line is cleared by a note
 * on it; a kind's total by a note on any line of that kind (the schema has notes on lines only).
 * A kind with no line at all this year has nowhere to hold the note: the message asks for a line
 * at 0 with a note.
 */
export function submissionBlockers(
  lines: readonly VarianceLine[],
  lastYearLines: readonly VarianceLine[],
  threshold: number = DEFAULT_VARIANCE_THRESHOLD,
): SubmissionBlocker[] {
  const kinds = new Set(lines.map((l) => l.kind));
  return varianceFlags(lines, lastYearLines, threshold)
    .filter((f) => !f.hasNote)
    .map((f) => {
      const extra = kinds.has(f.kind)
        ? { zh: "", en: "" }
        : {
            zh: "（本年无此类：请添加一行金额为 0 的该类项目并填写说明）",
            en: " (none this year: add a line of this kind at 0 with a note)",
          };
      return { lineKey: f.lineKey, changePercent: f.changePercent, zh: f.zh + extra.zh, en: f.en + extra.en };
    });
}
