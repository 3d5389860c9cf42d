/**
 * The shares import: each data line checked as a movement, then every movement in date order
 * against the ledger plus the rows accepted so far.
 */
import { z } from "zod";
import { say } from "./household";
import { SHARE_COLUMNS } from "./register-files";
import { eachRecord, custom, dateField, issuesToErrors, labelsOf, lineMsg, open, textOf } from "./register-import-rows";
import type { ImportError, ImportInput, ImportResult } from "./register-import-rows";
import {
  SHARE_CLASS_KINDS,
  SHARE_CLASS_LABELS,
  SHARE_ERRORS,
  parseShares,
  validateMovement,
  type HouseholdStatus,
  type LedgerEntry,
  type ShareClassKind,
} from "./shares";

export type ShareImportEntryType = "subscribe" | "increase" | "redeem";
export type ShareImportRow = {
  line: number;
  householdCode: string;
  shareClass: ShareClassKind;
  /** positive units (1 share = 10^4) */
  quantity: bigint;
  entryType: ShareImportEntryType;
  effectiveOn: string;
  approvedBy: string;
};
export type ShareImportContext = {
  today: string;
  /** the village's households by 户号 (villageCode may be any constant: one village) */
  households: ReadonlyMap<string, HouseholdStatus>;
  /** the classes the village has; when given, any other class is an error */
  shareClasses?: readonly ShareClassKind[];
  /** the village's ledger so far, keyed by 户号 and class kind, so a redeem is checked against it */
  ledger?: Iterable<LedgerEntry<string, ShareClassKind>>;
};

const CLASS_NAMES = new Map<string, ShareClassKind>(
  SHARE_CLASS_KINDS.flatMap((k) => [
    [k, k],
    [SHARE_CLASS_LABELS[k].zh, k],
    [SHARE_CLASS_LABELS[k].zh.replace(/股$/, ""), k],
  ]),
);
const ENTRY_NAMES = new Map<string, ShareImportEntryType>([
  ["认购", "subscribe"],
  ["subscribe", "subscribe"],
  ["增持", "increase"],
  ["增加", "increase"],
  ["increase", "increase"],
  ["退股", "redeem"],
  ["赎回", "redeem"],
  ["redeem", "redeem"],
]);

function shareSchema(today: string) {
  return z.object({
    householdCode: z.string().min(1, say("household.code.required")),
    shareClass: z.string().transform((s, ctx) => {
      const k = CLASS_NAMES.get(s.toLowerCase());
      return (
        k ??
        custom(ctx, {
          zh: "股份类别只能是：现金股、成员股、土地股、集体股",
          en: "The share class must be one of: cash, member, land, collective",
        })
      );
    }),
    quantity: z.union([z.string(), z.number()]).transform((v, ctx) => {
      const r = parseShares(v);
      if (!r.ok) return custom(ctx, r.error);
      return r.units > 0n ? r.units : custom(ctx, SHARE_ERRORS.notPositive);
    }),
    entryType: z.string().transform((s, ctx) => {
      if (s === "") return "subscribe" as const; // the common case: a first subscription
      const t = ENTRY_NAMES.get(s.toLowerCase());
      if (t) return t;
      return /转/.test(s) || /transfer/i.test(s)
        ? custom(ctx, {
            zh: "导入不支持转让，请在股权台账中逐笔登记",
            en: "Transfers cannot be imported: record them in the share register",
          })
        : custom(ctx, { zh: "变动类型只能是：认购、增持、退股", en: "The type must be one of: subscribe, increase, redeem" });
    }),
    effectiveOn: dateField("日期", today),
    approvedBy: z
      .string()
      .transform((s, ctx) =>
        s.length >= 1 && s.length <= 100
          ? s
          : custom(ctx, { zh: "请填写批准人（不超过100字）", en: "enter who approved it (at most 100 characters)" }),
      ),
  });
}

export async function parseShareFile(input: ImportInput<ShareImportContext>): Promise<ImportResult<ShareImportRow>> {
  const opened = await open(input, SHARE_COLUMNS);
  if (Array.isArray(opened)) return { rows: [], errors: opened };
  const { today, households, shareClasses } = input.context;
  const labels = labelsOf(SHARE_COLUMNS);
  const schema = shareSchema(today);
  const candidates: ShareImportRow[] = [];
  const errors: ImportError[] = [];

  await eachRecord(opened.lines, opened.mapped, input.onProgress, (line, cell) => {
    const q = cell("quantity");
    const r = schema.safeParse({
      householdCode: textOf(cell("householdCode")),
      shareClass: textOf(cell("shareClass")),
      quantity: typeof q === "number" ? q : textOf(q),
      entryType: textOf(cell("entryType")),
      effectiveOn: cell("effectiveOn"),
      approvedBy: textOf(cell("approvedBy")),
    });
    if (!r.success) {
      errors.push(...issuesToErrors(line, r.error, labels));
      return;
    }
    const row = { line, ...r.data };
    if (!households.has(row.householdCode)) {
      errors.push(
        lineMsg(line, "householdCode", {
          zh: `户号 ${row.householdCode} 不存在，请先导入农户`,
          en: `household number ${row.householdCode} does not exist: import the households first`,
        }),
      );
    } else if (shareClasses && !shareClasses.includes(row.shareClass)) {
      const l = SHARE_CLASS_LABELS[row.shareClass];
      errors.push(
        lineMsg(line, "shareClass", { zh: `本村没有“${l.zh}”类别，请先设置股份类别`, en: `the village has no ${l.en} class yet` }),
      );
    } else {
      candidates.push(row);
    }
  });

  // Movements are checked in date order (a stable sort keeps file order within a day) against
  // the ledger plus the rows accepted so far, with the same rules as a single entry.
  const working = new Map<string, LedgerEntry<string, ShareClassKind>[]>();
  const keyOf = (h: string, c: string) => `${h}\u0000${c}`;
  const entriesOf = (k: string) => working.get(k) ?? working.set(k, []).get(k)!;
  for (const e of input.context.ledger ?? []) entriesOf(keyOf(e.householdId, e.shareClassId)).push(e);
  const rows: ShareImportRow[] = [];
  for (const row of [...candidates].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0))) {
    const k = keyOf(row.householdCode, row.shareClass);
    const entries = entriesOf(k);
    const v = validateMovement({
      ledger: entries,
      households,
      today,
      movement: {
        type: row.entryType,
        householdId: row.householdCode,
        shareClassId: row.shareClass,
        quantity: row.quantity,
        effectiveOn: row.effectiveOn,
        approvedOn: row.effectiveOn,
        approvedBy: row.approvedBy,
      },
    });
    if (!v.ok) {
      // Membership, holding or date: the row as a whole, not one cell.
      errors.push(lineMsg(row.line, "row", v.message));
      continue;
    }
    const sign = row.entryType === "redeem" ? -1n : 1n;
    entries.push({
      householdId: row.householdCode,
      shareClassId: row.shareClass,
      entryType: row.entryType,
      quantity: sign * row.quantity,
      effectiveOn: row.effectiveOn,
    });
    rows.push(row);
  }
  rows.sort((a, b) => a.line - b.line);
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
