/**
 * The 成员名册 as it is filed with the town and the county (农村集体经济组织法, 2025): one line
 * per person, households together with the head first, in the filing layout 序号, 户主, 姓名,
 * 与户主关系, 性别, 出生日期, 身份证号, 确认日期, 确认依据, 丧失日期, 丧失原因. The same rows feed the
 * XLSX/CSV export and the printed register.
 *
 * Who is on it for a date (docs/decisions/010-member-register-filing.md): by default everyone
 * confirmed on or before the date, those whose membership had ended by then too, with the date
 * and the reason — the register keeps its history, and a filing shows what changed; a loss after
 * the date is not shown (on that date the person was a member). `current` lists only the members
 * on the date (what the 按人口 split and the assembly count). Pure: the ID numbers come in already
 * as they may be shown (masked, or in full for the village's secretary who asked).
 */
import { z } from "zod";
import { said } from "~/i18n/message";
import { choice, isoDate, trimmedFirst } from "../input";
import { REGISTER_MESSAGES } from "../register-forms";
import type { ExportTable } from "../register-export";
import { BASIS_ZH, LOSS_ZH, MEMBER_COLUMNS, RELATION_ZH, SEX_ZH } from "./import";
import { RELATIONS, isMemberOn, type ConfirmationBasis, type LossReason, type Relation, type Sex } from "./register";

/** a person as the filing reads them */
export type FilingPerson = {
  id: number;
  householdId: number;
  householdCode: string;
  /** the household's head as the household register names it (when no person is marked 户主 on the date) */
  householdHead: string;
  name: string;
  relation: Relation;
  sex: Sex;
  birthDate: string;
  /** as it may be shown: masked (5203**********1234) or in full */
  idNumber: string | null;
  confirmedOn: string;
  confirmationBasis: ConfirmationBasis;
  lostOn: string | null;
  lossReason: LossReason | null;
  lossNote: string | null;
};

export type FilingRow = FilingPerson & { no: number; head: string; lost: { on: string; reason: string } | null };

export type FilingScope = "ever" | "current";

export const FILING_HEADER = [
  "序号",
  "户主",
  "姓名",
  "与户主关系",
  "性别",
  "出生日期",
  "身份证号",
  "确认日期",
  "确认依据",
  "丧失日期",
  "丧失原因",
] as const;

/** 其他 with its words; a law's reason with a note in brackets */
export function lossText(reason: LossReason, note: string | null): string {
  if (reason === "other") return note ? `${LOSS_ZH.other}：${note}` : LOSS_ZH.other;
  return note ? `${LOSS_ZH[reason]}（${note}）` : LOSS_ZH[reason];
}

const relationRank = (r: Relation) => RELATIONS.indexOf(r);

/** The register on `on`, in filing order, numbered. */
export function filingRows(persons: readonly FilingPerson[], on: string, scope: FilingScope = "ever"): FilingRow[] {
  const listed = persons.filter((p) => p.confirmedOn <= on && (scope === "ever" || isMemberOn(p, on)));
  // the head on the date: the person marked 户主 who was a member then, else the household register's name
  const headOf = new Map<number, string>();
  for (const p of persons) if (p.relation === "head" && isMemberOn(p, on)) headOf.set(p.householdId, p.name);
  const sorted = [...listed].sort(
    (a, b) =>
      (a.householdCode < b.householdCode ? -1 : a.householdCode > b.householdCode ? 1 : 0) ||
      relationRank(a.relation) - relationRank(b.relation) ||
      (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0) ||
      a.id - b.id,
  );
  return sorted.map((p, i) => ({
    ...p,
    no: i + 1,
    head: headOf.get(p.householdId) ?? p.householdHead,
    lost: p.lostOn && p.lossReason && p.lostOn <= on ? { on: p.lostOn, reason: lossText(p.lossReason, p.lossNote) } : null,
  }));
}

/** The figures above the printed table: persons listed, members on the date, households. */
export function filingSummary(rows: readonly FilingRow[], on: string) {
  const members = rows.filter((r) => isMemberOn(r, on));
  return { listed: rows.length, members: members.length, households: new Set(members.map((r) => r.householdId)).size };
}

/** The XLSX/CSV table. */
export function filingTable(rows: readonly FilingRow[], on: string): ExportTable {
  return {
    sheetName: `成员名册 ${on}`,
    header: FILING_HEADER,
    rows: rows.map((r) => [
      r.no,
      r.head,
      r.name,
      RELATION_ZH[r.relation],
      SEX_ZH[r.sex],
      r.birthDate,
      r.idNumber,
      r.confirmedOn,
      BASIS_ZH[r.confirmationBasis],
      r.lost?.on ?? null,
      r.lost?.reason ?? null,
    ]),
  };
}

/** The import's blank file: the header row only, as the import names its columns. */
export function memberTemplateTable(): ExportTable {
  return { sheetName: "成员导入模板", header: MEMBER_COLUMNS.map((c) => c.zh), rows: [] };
}

// ───────────────────────────── query parameters ─────────────────────────────

const onDate = (today: string) =>
  trimmedFirst(
    isoDate(said("请填写有效的名册日期，如 2026-01-01", "Enter a real date for the register, e.g. 2026-01-01"))
      .refine((d) => d <= today, said("名册日期不能晚于今天", "The register's date cannot be in the future"))
      .optional(),
  ).transform((d) => d ?? today);
const flag = choice(["1"], said("只能为 1", "Only 1")).optional();

/** /villages/:code/members/print?on=YYYY-MM-DD[&current=1] */
export function filingPrintQuery(today: string) {
  return z.object({ on: onDate(today), current: flag });
}

/** /villages/:code/members/export?format=csv|xlsx&on=YYYY-MM-DD[&current=1][&full=1][&template=1] */
export function filingExportQuery(today: string) {
  const format = REGISTER_MESSAGES["query.format"];
  return filingPrintQuery(today).extend({
    format: choice(["csv", "xlsx"], said(format.zh, format.en))
      .optional()
      .transform((f) => f ?? "xlsx"),
    full: flag,
    template: flag,
  });
}
