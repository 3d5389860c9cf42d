/**
 * The second look at an import, just before it is committed. The preview's rows come back from
 * the browser (signed, but checked again all the same) and the register may have changed since
 * the preview: every row is validated once more against the register as it is inside the commit's
 * transaction. Pure: the model passes the register in. Errors read like the preview's
 * ("第17行：…"), so the user sees the same kind of message whichever step found the problem.
 */
import { z } from "zod";
import type { Message } from "~/i18n/message";
import { isIsoDate } from "./dates";
import { householdFields, type HouseholdFlag } from "./household";
import { MAX_IMPORT_ROWS, type HouseholdImportRow, type ImportError, type ShareImportRow } from "./register-import";
import {
  SHARE_CLASS_KINDS,
  SHARE_CLASS_LABELS,
  validateMovement,
  type HouseholdStatus,
  type LedgerEntry,
  type LedgerRowToAppend,
  type ShareClassKind,
} from "./shares";

export const lineError = (line: number, field: string, m: Message): ImportError => ({
  line,
  field,
  zh: line > 0 ? `第${line}行：${m.zh}` : m.zh,
  en: line > 0 ? `Line ${line}: ${m.en}` : m.en,
});

const bySourceLine = (a: ImportError, b: ImportError) => a.line - b.line;

// ───────────────────────────── payloads ─────────────────────────────
// What travels between preview and commit: JSON-safe (a share quantity is its units as text).

export type HouseholdPayloadRow = HouseholdImportRow;
export type SharePayloadRow = Omit<ShareImportRow, "quantity"> & { quantity: string };

export const toSharePayload = (rows: readonly ShareImportRow[]): SharePayloadRow[] =>
  rows.map((r) => ({ ...r, quantity: r.quantity.toString() }));

const tooMany = lineError(0, "file", {
  zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行`,
  en: `At most ${MAX_IMPORT_ROWS} rows can be imported at once`,
});
const unreadable = lineError(0, "file", {
  zh: "导入数据无法识别，请重新上传文件",
  en: "The import data is not recognisable: upload the file again",
});

// ───────────────────────────── households ─────────────────────────────

export type HouseholdInsert = {
  line: number;
  code: string;
  headName: string;
  groupId: number | null;
  leaderId: number | null;
  flags: HouseholdFlag[];
  joinedOn: string;
};

export type HouseholdRegister = {
  today: string;
  existingCodes: ReadonlySet<string>;
  /** 村民组 name → id */
  groups: ReadonlyMap<string, number>;
  /** 联户长 name → ids (two leaders may share a name) */
  leaders: ReadonlyMap<string, readonly number[]>;
};

const householdRow = z.object({
  line: z.number().int().positive(),
  code: householdFields.code,
  headName: householdFields.headName,
  group: z.string().max(50).nullable(),
  leader: z.string().max(50).nullable(),
  flags: householdFields.flags,
  joinedOn: z.string().refine(isIsoDate),
});

export type Checked<T> = { ok: true; rows: T[] } | { ok: false; errors: ImportError[] };

export function recheckHouseholds(rows: unknown, register: HouseholdRegister): Checked<HouseholdInsert> {
  if (!Array.isArray(rows)) return { ok: false, errors: [unreadable] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [tooMany] };
  const errors: ImportError[] = [];
  const out: HouseholdInsert[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of rows.entries()) {
    const r = householdRow.safeParse(raw);
    if (!r.success) {
      const line = typeof (raw as { line?: unknown })?.line === "number" ? (raw as { line: number }).line : i + 1;
      errors.push(
        lineError(line, String(r.error.issues[0]?.path[0] ?? "row"), {
          zh: "数据有误，请重新预览",
          en: "invalid data: preview the file again",
        }),
      );
      continue;
    }
    const row = r.data;
    const bad = (field: string, zh: string, en: string) => errors.push(lineError(row.line, field, { zh, en }));
    let ok = true;
    if (row.joinedOn > register.today) ok = !bad("joinedOn", "入社日期不能晚于今天", "the joining date cannot be in the future");
    const first = seen.get(row.code);
    if (first !== undefined) ok = !bad("code", `户号 ${row.code} 与第${first}行重复`, `household number ${row.code} repeats line ${first}`);
    else {
      seen.set(row.code, row.line);
      if (register.existingCodes.has(row.code)) ok = !bad("code", `户号 ${row.code} 已存在`, `household number ${row.code} already exists`);
    }
    const groupId = row.group ? register.groups.get(row.group) : null;
    if (groupId === undefined) ok = !bad("group", `村民组“${row.group}”不存在`, `unknown villager group "${row.group}"`);
    const leaderIds = row.leader ? register.leaders.get(row.leader) : null;
    if (leaderIds === undefined) ok = !bad("leader", `联户长“${row.leader}”不存在`, `unknown household-group leader "${row.leader}"`);
    else if (leaderIds && leaderIds.length > 1) {
      ok = !bad(
        "leader",
        `联户长“${row.leader}”有重名，导入后请在该户页面上选择`,
        `two leaders are called "${row.leader}": leave it blank and choose on the household's page`,
      );
    }
    if (!ok) continue;
    out.push({
      line: row.line,
      code: row.code,
      headName: row.headName,
      groupId: groupId ?? null,
      leaderId: leaderIds ? leaderIds[0]! : null,
      flags: row.flags,
      joinedOn: row.joinedOn,
    });
  }
  if (errors.length) return { ok: false, errors: errors.sort(bySourceLine) };
  return { ok: true, rows: out };
}

// ───────────────────────────── shares ─────────────────────────────

export type ShareRegister = {
  today: string;
  /** the village's households by 户号 */
  households: ReadonlyMap<string, HouseholdStatus & { id: number }>;
  /** the village's classes: kind → id */
  classes: ReadonlyMap<ShareClassKind, number>;
  /** the ledger of the village, keyed by 户号 and class kind */
  ledger: Iterable<LedgerEntry<string, ShareClassKind>>;
};

export type ShareAppend = LedgerRowToAppend<number, number> & { line: number };

const shareRow = z.object({
  line: z.number().int().positive(),
  householdCode: z.string().min(1).max(20),
  shareClass: z.enum(SHARE_CLASS_KINDS),
  /** units as text: "15000" is 1.5 shares */
  quantity: z.string().regex(/^[1-9]\d{0,17}$/),
  entryType: z.enum(["subscribe", "increase", "redeem"]),
  effectiveOn: z.string().refine(isIsoDate),
  approvedBy: z.string().min(1).max(100),
});

/**
 * Movements are replayed in date order (file order within a day) against the ledger plus the rows
 * accepted before them, with the same rule as a single entry: no holding ever goes negative.
 */
export function recheckShares(rows: unknown, register: ShareRegister): Checked<ShareAppend> {
  if (!Array.isArray(rows)) return { ok: false, errors: [unreadable] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [tooMany] };
  const errors: ImportError[] = [];
  const candidates: (z.infer<typeof shareRow> & { units: bigint })[] = [];
  for (const [i, raw] of rows.entries()) {
    const r = shareRow.safeParse(raw);
    if (!r.success) {
      const line = typeof (raw as { line?: unknown })?.line === "number" ? (raw as { line: number }).line : i + 1;
      errors.push(lineError(line, "row", { zh: "数据有误，请重新预览", en: "invalid data: preview the file again" }));
      continue;
    }
    const row = r.data;
    if (!register.households.has(row.householdCode)) {
      errors.push(
        lineError(row.line, "householdCode", {
          zh: `户号 ${row.householdCode} 不存在`,
          en: `household number ${row.householdCode} does not exist`,
        }),
      );
    } else if (!register.classes.has(row.shareClass)) {
      const l = SHARE_CLASS_LABELS[row.shareClass];
      errors.push(lineError(row.line, "shareClass", { zh: `本村没有“${l.zh}”类别`, en: `the village has no ${l.en} class` }));
    } else {
      candidates.push({ ...row, units: BigInt(row.quantity) });
    }
  }

  const working = new Map<string, LedgerEntry<string, ShareClassKind>[]>();
  const keyOf = (h: string, c: string) => `${h}\u0000${c}`;
  const entriesOf = (k: string) => working.get(k) ?? working.set(k, []).get(k)!;
  for (const e of register.ledger) entriesOf(keyOf(e.householdId, e.shareClassId)).push(e);
  const out: ShareAppend[] = [];
  const ordered = [...candidates].sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.line - b.line,
  );
  for (const row of ordered) {
    const entries = entriesOf(keyOf(row.householdCode, row.shareClass));
    const v = validateMovement({
      ledger: entries,
      households: register.households,
      today: register.today,
      movement: {
        type: row.entryType,
        householdId: row.householdCode,
        shareClassId: row.shareClass,
        quantity: row.units,
        effectiveOn: row.effectiveOn,
        approvedOn: row.effectiveOn,
        approvedBy: row.approvedBy,
      },
    });
    if (!v.ok) {
      errors.push(lineError(row.line, "row", v.message));
      continue;
    }
    entries.push({
      householdId: row.householdCode,
      shareClassId: row.shareClass,
      entryType: row.entryType,
      quantity: row.entryType === "redeem" ? -row.units : row.units,
      effectiveOn: row.effectiveOn,
    });
    for (const appended of v.rows) {
      out.push({
        ...appended,
        line: row.line,
        householdId: register.households.get(appended.householdId)!.id,
        shareClassId: register.classes.get(appended.shareClassId)!,
        counterpartyHouseholdId: null,
      });
    }
  }
  if (errors.length) return { ok: false, errors: errors.sort(bySourceLine) };
  return { ok: true, rows: out.sort((a, b) => a.line - b.line) };
}
