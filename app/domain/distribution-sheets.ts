/**
 * What is printed and exported from a run: signature sheets per 村民组 or per 联户长 (goods or
 * cash per household, a column to sign), and the plan as a table for CSV / XLSX. Pure.
 */
import type { ExportTable } from "./register-export";
import { unitZh, yuanShort } from "./distribution-explain";

/**
 * One household's part of a run as the allocations table holds it, with its register names: the
 * one declaration of the row the page's table, the signature sheets, the export and the models share.
 */
export type AllocationRow = {
  id: number;
  householdId: number;
  code: string;
  headName: string;
  groupName: string | null;
  leaderName: string | null;
  /** numeric(18,4) as text, "1.0000" */
  shares: string;
  members: number;
  eligible: boolean;
  rewardFen: bigint;
  shareFen: bigint;
  cashFen: bigint;
  inKindUnits: bigint;
  inKindValueFen: bigint;
  handout: HandoutStatus;
  handedOutOn: string | null;
  handoutReference: string | null;
};

export const HANDOUT_STATUSES = ["pending", "paid", "collected"] as const;
export type HandoutStatus = (typeof HANDOUT_STATUSES)[number];

/** what a sheet or the export reads of a row (no ids) */
export type SheetRow = Omit<AllocationRow, "id" | "householdId">;

export type SheetBy = "group" | "leader";
export type Sheet = { title: string; rows: SheetRow[]; cashFen: bigint; inKindUnits: bigint };

/** A household that has something to receive (cash or goods). */
export function hasSomething(r: Pick<SheetRow, "cashFen" | "inKindUnits">): boolean {
  return r.cashFen !== 0n || r.inKindUnits !== 0n;
}

const NONE = "（未分组）";

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One sheet per group (or per leader), in the order of their first household, each listing its households by code. */
export function signatureSheets(rows: readonly SheetRow[], by: SheetBy): Sheet[] {
  const sheets = new Map<string, Sheet>();
  for (const r of rows) {
    if (!hasSomething(r)) continue;
    const title = (by === "group" ? r.groupName : r.leaderName) ?? NONE;
    let s = sheets.get(title);
    if (!s) sheets.set(title, (s = { title, rows: [], cashFen: 0n, inKindUnits: 0n }));
    s.rows.push(r);
    s.cashFen += r.cashFen;
    s.inKindUnits += r.inKindUnits;
  }
  const out = [...sheets.values()];
  for (const s of out) s.rows.sort((a, b) => byCode(a.code, b.code));
  // groups and leaders in the order of their first household (一组 before 二组, as numbered)
  return out.sort((a, b) => byCode(a.rows[0]!.code, b.rows[0]!.code));
}

/** What a household receives, as the sheet says it: "大米 15 公斤", "500 元", or both. */
export function receiveText(
  r: Pick<SheetRow, "cashFen" | "inKindUnits">,
  inKind: { item: string; unit: string } | null,
  lang: "zh-CN" | "en",
): string {
  const parts: string[] = [];
  if (inKind && r.inKindUnits !== 0n) {
    parts.push(lang === "en" ? `${inKind.item} ${r.inKindUnits} ${inKind.unit}` : `${inKind.item} ${r.inKindUnits} ${unitZh(inKind.unit)}`);
  }
  if (r.cashFen !== 0n) parts.push(lang === "en" ? `${yuanShort(r.cashFen)} yuan` : `${yuanShort(r.cashFen)} 元`);
  return parts.join(lang === "en" ? " + " : " + ") || "—";
}

const HANDOUT_ZH = { pending: "未发放", paid: "已支付", collected: "已领取" } as const;
const yuan = (fen: bigint) => Number(fen) / 100;

/** The plan as one sheet for CSV / XLSX: one row per household, amounts in 元 as numbers. */
export function allocationsTable({
  villageName,
  year,
  inKind,
  rows,
}: {
  villageName: string;
  year: number;
  inKind: { item: string; unit: string } | null;
  rows: readonly SheetRow[];
}): ExportTable {
  const goods = inKind ? `${inKind.item}（${unitZh(inKind.unit)}）` : "实物数量";
  return {
    sheetName: `${villageName}${year}年分配方案`,
    header: [
      "户号",
      "户主姓名",
      "村民组",
      "联户长",
      "股数",
      "人口",
      "参与分配",
      "表彰奖励（元）",
      "分红份额（元）",
      "现金（元）",
      goods,
      "实物折价（元）",
      "发放状态",
      "发放日期",
      "凭证号",
    ],
    rows: rows.map((r) => [
      r.code,
      r.headName,
      r.groupName,
      r.leaderName,
      Number(r.shares),
      r.members,
      r.eligible ? "是" : "否",
      yuan(r.rewardFen),
      yuan(r.shareFen),
      yuan(r.cashFen),
      Number(r.inKindUnits),
      yuan(r.inKindValueFen),
      HANDOUT_ZH[r.handout],
      r.handedOutOn,
      r.handoutReference,
    ]),
  };
}
