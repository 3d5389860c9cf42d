/**
 * The income year's form, read from what the browser posts: parallel lists of line fields
 * (kind[], industry[], description[], amount[], note[]). Pure, so the page's live totals and
 * the server agree on what a line is. Blank rows are dropped; each bad field gets a message
 * naming its row as the user sees it.
 */
import { z } from "zod";
import { EXPENSE_KINDS, INCOME_KINDS, type LineKind } from "./income";
import { parseMoney } from "./money";
import type { Message } from "~/i18n/message";

export type RawLine = { kind: string; industry: string; description: string; amount: string; note: string };
export type ParsedLine = {
  kind: LineKind;
  villageIndustryId: number | null;
  description: string;
  amountFen: bigint;
  varianceNote: string | null;
};

const LINE_KINDS = [...INCOME_KINDS, ...EXPENSE_KINDS] as const;
const KindSchema = z.enum(LINE_KINDS);

export function isBlank(line: RawLine) {
  return !line.description.trim() && !line.amount.trim() && !line.note.trim();
}

/** Zips the posted lists into rows (missing entries read as ""). */
export function rawLinesFrom(form: { getAll(name: string): unknown[] }): RawLine[] {
  const col = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
  const kinds = col("kind");
  const industries = col("industry");
  const descriptions = col("description");
  const amounts = col("amount");
  const notes = col("note");
  const n = Math.max(kinds.length, descriptions.length, amounts.length);
  return Array.from({ length: Math.min(n, 500) }, (_, i) => ({
    kind: kinds[i] ?? "",
    industry: industries[i] ?? "",
    description: descriptions[i] ?? "",
    amount: amounts[i] ?? "",
    note: notes[i] ?? "",
  }));
}

export type LineErrors = Record<string, Message>;

/**
 * Parses the rows; `industryIds` are the village's own industries (a posted id from elsewhere is
 * refused). Errors are keyed `<row index>.<field>`.
 */
export function parseLines(rows: RawLine[], industryIds: ReadonlySet<number>): { lines: ParsedLine[]; errors: LineErrors } {
  const lines: ParsedLine[] = [];
  const errors: LineErrors = {};
  rows.forEach((row, i) => {
    if (isBlank(row)) return;
    const kind = KindSchema.safeParse(row.kind);
    if (!kind.success) errors[`${i}.kind`] = { zh: "请选择类别", en: "Choose a kind" };
    const description = row.description.trim();
    if (!description) errors[`${i}.description`] = { zh: "请填写项目名称", en: "Name the item" };
    else if (description.length > 200) errors[`${i}.description`] = { zh: "项目名称不超过200字", en: "At most 200 characters" };
    const amount = parseMoney(row.amount);
    if (!amount.ok) errors[`${i}.amount`] = amount.error;
    let villageIndustryId: number | null = null;
    if (row.industry.trim()) {
      const id = Number(row.industry);
      if (!Number.isSafeInteger(id) || !industryIds.has(id)) errors[`${i}.industry`] = { zh: "产业不属于本村", en: "Not an industry of this village" };
      else villageIndustryId = id;
    }
    const note = row.note.trim();
    if (note.length > 500) errors[`${i}.note`] = { zh: "说明不超过500字", en: "At most 500 characters" };
    if (kind.success && description && amount.ok) {
      lines.push({ kind: kind.data, villageIndustryId, description, amountFen: amount.fen, varianceNote: note || null });
    }
  });
  return { lines, errors };
}
