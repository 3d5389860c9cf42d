/**
 * The income year's lines form (收支明细), pure zod from the input layer: a repeated list
 * `lines[i].kind / industry / description / amount / note` (conform's field list) with the amount
 * carried over and the losses to cover. Blank rows are dropped; a row with anything in it needs a
 * kind, a name and an amount, and its industry must be one of the village's own. Each message
 * sits beside its row's field, in both languages. The page's live totals read what is typed with
 * the same arithmetic (`liveTotals`), so the page and the server agree on what a line is.
 */
import { z } from "zod";
import { said } from "~/i18n/message";
import { computeYearTotals, EXPENSE_KINDS, INCOME_KINDS, type LineKind } from "./income";
import { INT_MAX, optionalText } from "./input";
import { formatFenPlain, parseMoney } from "./money";
import { zMoney } from "./money-field";

export const LINE_KINDS = [...INCOME_KINDS, ...EXPENSE_KINDS] as const;
export const MAX_LINES = 500;

/** one row as typed (what the page shows and the conflict view lists) */
export type RawLine = { kind: string; industry: string; description: string; amount: string; note: string };
export type ParsedLine = {
  kind: LineKind;
  villageIndustryId: number | null;
  description: string;
  amountFen: bigint;
  varianceNote: string | null;
};

const KIND = said("请选择类别", "Choose a kind");
const DESCRIPTION = said("请填写项目名称", "Name the item");
const DESCRIPTION_LONG = said("项目名称不超过200字", "At most 200 characters");
const NOTE_LONG = said("说明不超过500字", "At most 500 characters");
const INDUSTRY = said("产业不属于本村", "Not an industry of this village");
const TOO_MANY = said(`最多${MAX_LINES}行`, `At most ${MAX_LINES} lines`);

/** a cell as posted: text (no control characters, no file), trimmed, "" when empty */
const cell = (max: number, message?: string) => optionalText(max, message).transform((s) => s ?? "");
const CELLS = {
  kind: cell(40),
  industry: cell(20),
  description: cell(200, DESCRIPTION_LONG),
  amount: cell(100),
  note: cell(500, NOTE_LONG),
};
type Cell = keyof typeof CELLS;

export function isBlank(line: Pick<RawLine, "description" | "amount" | "note">) {
  return !line.description.trim() && !line.amount.trim() && !line.note.trim();
}

/**
 * One row. Its cells are read inside the row (not as fields of their own) so that every mistake
 * of a row is told at once — a control character in the name and an unreadable amount — and
 * whether the row is blank is decided on what was typed.
 */
function lineSchema(industryIds: ReadonlySet<number>) {
  const raw = z.object({ kind: z.unknown(), industry: z.unknown(), description: z.unknown(), amount: z.unknown(), note: z.unknown() });
  return raw.transform((posted, ctx): ParsedLine | null => {
    const row = {} as Record<Cell, string>;
    const unreadable = new Set<Cell>();
    for (const name of Object.keys(CELLS) as Cell[]) {
      const read = CELLS[name].safeParse(posted[name]);
      if (read.success) row[name] = read.data;
      else {
        unreadable.add(name);
        row[name] = "?"; // something was posted there: the row is not blank
        ctx.addIssue({ ...(read.error.issues[0] as z.IssueData), path: [name] });
      }
    }
    if (isBlank(row)) return null;
    const kind = (LINE_KINDS as readonly string[]).includes(row.kind) ? (row.kind as LineKind) : null;
    if (!kind && !unreadable.has("kind")) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["kind"], message: KIND });
    if (!row.description && !unreadable.has("description"))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["description"], message: DESCRIPTION });
    const amount = zMoney().safeParse(unreadable.has("amount") ? null : row.amount);
    if (!amount.success && !unreadable.has("amount"))
      for (const issue of amount.error.issues) ctx.addIssue({ ...(issue as z.IssueData), path: ["amount"] });
    let villageIndustryId: number | null = null;
    if (row.industry && !unreadable.has("industry")) {
      const id = /^\d{1,10}$/.test(row.industry) ? Number(row.industry) : NaN;
      if (id <= INT_MAX && industryIds.has(id)) villageIndustryId = id;
      else ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["industry"], message: INDUSTRY });
    }
    if (unreadable.size || !kind || !row.description || !amount.success) return null;
    return { kind, villageIndustryId, description: row.description, amountFen: amount.data, varianceNote: row.note || null };
  });
}

/**
 * The fields of a save: the lines (blank rows dropped), 上年结转 carried over (may be negative)
 * and 待弥补亏损 losses to cover; an empty amount is 0. `industryIds` are the village's own
 * industries: a posted id from elsewhere is refused beside its row.
 */
export function incomeYearFields(industryIds: ReadonlySet<number>) {
  return {
    lines: z
      .array(lineSchema(industryIds))
      .max(MAX_LINES, TOO_MANY)
      .transform((rows) => rows.filter((r): r is ParsedLine => r !== null)),
    carriedOver: zMoney({ allowNegative: true })
      .optional()
      .transform((fen) => fen ?? 0n),
    losses: zMoney()
      .optional()
      .transform((fen) => fen ?? 0n),
  };
}

export const blankLine = (kind: LineKind = "operating"): RawLine => ({ kind, industry: "", description: "", amount: "", note: "" });

/** stored lines as the form shows them (amounts in 元, plain) */
export function rawLinesOf(
  lines: readonly { kind: string; villageIndustryId: number | null; description: string; amountFen: bigint; varianceNote: string | null }[],
): RawLine[] {
  return lines.map((l) => ({
    kind: l.kind,
    industry: l.villageIndustryId ? String(l.villageIndustryId) : "",
    description: l.description,
    amount: formatFenPlain(l.amountFen),
    note: l.varianceNote ?? "",
  }));
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** the rows of what the form holds or posted (conform's value: absent cells, stray shapes) */
export function rawLinesFromValue(value: unknown): RawLine[] {
  if (!Array.isArray(value)) return [];
  return value.map((row) => {
    const r = row && typeof row === "object" ? (row as Record<string, unknown>) : {};
    return { kind: str(r.kind), industry: str(r.industry), description: str(r.description), amount: str(r.amount), note: str(r.note) };
  });
}

/** Totals as the user types: the same pure arithmetic the server stores (unreadable amounts count 0). */
export function liveTotals(rows: readonly RawLine[], carriedOver: unknown) {
  const lines = rows
    .filter((r) => !isBlank(r) && (LINE_KINDS as readonly string[]).includes(r.kind))
    .map((r) => {
      const p = parseMoney(r.amount);
      return { kind: r.kind as LineKind, amountFen: p.ok ? p.fen : 0n };
    });
  const carried = parseMoney(str(carriedOver) || "0", { allowNegative: true });
  return computeYearTotals(lines, carried.ok ? carried.fen : 0n);
}
