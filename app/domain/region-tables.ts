/**
 * The dashboard's tables as export tables (header + rows), in the user's language. Amounts are
 * written as numbers of 元 (two decimals at most, so a spreadsheet can sum them); text cells are
 * neutralised against formulas by the writer (app/domain/register-export.ts).
 */
import type { ExportCell, ExportTable } from "./register-export";

export type Lang = "zh-CN" | "en";
type Tr = (key: string, vars?: Record<string, string | number>) => string;

const yuanNumber = (fen: bigint | null | undefined): number | null => (fen == null ? null : Number(fen) / 100);
const percentNumber = (permille: number | null | undefined): number | null => (permille == null ? null : permille / 10);

export type ExportFigureRow = {
  code: string;
  name: string;
  townName: string | null;
  status: string | null;
  villages: number;
  pending: number;
  operatingIncomeFen: bigint | null;
  netIncomeFen: bigint | null;
  distributableFen: bigint | null;
  growthPermille: number | null;
  incomePerHouseholdFen: bigint | null;
  households: number;
  shareholderHouseholds: number;
  shareholderPermille: number | null;
  dividendsFen: bigint;
  dividendsPerHouseholdFen: bigint | null;
  model: string | null;
  industries: { nameZh: string; nameEn: string }[];
};

const yuanUnit = (t: Tr, key: string) => `${t(key)}（元）`;

export function figuresTable(rows: readonly ExportFigureRow[], kind: "village" | "region", year: number, t: Tr, lang: Lang): ExportTable {
  const village = kind === "village";
  const header = [
    t("regions.code"),
    village ? t("regions.village") : t("regions.name"),
    ...(village ? [t("regions.town"), t("regions.status")] : [t("regions.villagesCount"), t("regions.pendingCount")]),
    t("regions.year"),
    yuanUnit(t, "regions.operatingIncome"),
    yuanUnit(t, "regions.netIncome"),
    yuanUnit(t, "regions.distributable"),
    `${t("regions.growth")}（%）`,
    yuanUnit(t, "regions.incomePerHousehold"),
    t("regions.households"),
    t("regions.shareholderHouseholds"),
    `${t("regions.shareholderShare")}（%）`,
    yuanUnit(t, "regions.dividends"),
    yuanUnit(t, "regions.dividendsPerHousehold"),
    ...(village ? [t("regions.model"), t("regions.industries")] : []),
  ];
  const data = rows.map((r): ExportCell[] => [
    r.code,
    r.name,
    ...(village ? [r.townName, t(`regions.status.${r.status ?? "none"}`)] : [r.villages, r.pending]),
    year,
    yuanNumber(r.operatingIncomeFen),
    yuanNumber(r.netIncomeFen),
    yuanNumber(r.distributableFen),
    percentNumber(r.growthPermille),
    yuanNumber(r.incomePerHouseholdFen),
    r.households,
    r.shareholderHouseholds,
    percentNumber(r.shareholderPermille),
    yuanNumber(r.dividendsFen),
    yuanNumber(r.dividendsPerHouseholdFen),
    ...(village ? [r.model, r.industries.map((i) => (lang === "en" ? i.nameEn : i.nameZh)).join("、")] : []),
  ]);
  return { sheetName: village ? t("regions.villages") : t("regions.children"), header, rows: data };
}

export function tiersTable(tiers: readonly { tier: string; villages: number; permille: number | null }[], t: Tr): ExportTable {
  return {
    sheetName: t("regions.tiers"),
    header: [t("regions.tier"), t("regions.villagesCount"), `${t("regions.share")}（%）`],
    rows: tiers.map((r) => [t(`regions.tier.${r.tier}`), r.villages, percentNumber(r.permille)]),
  };
}

export function weakTable(
  weak: readonly { code: string; name: string; townName: string; operatingIncomeFen: bigint }[],
  t: Tr,
): ExportTable {
  return {
    sheetName: t("regions.weakSheet"),
    header: [t("regions.code"), t("regions.village"), t("regions.town"), yuanUnit(t, "regions.operatingIncome")],
    rows: weak.map((w) => [w.code, w.name, w.townName, yuanNumber(w.operatingIncomeFen)]),
  };
}

export function trendTable(
  trend: readonly {
    year: number;
    approved: number;
    pending: number;
    operatingIncomeFen: bigint;
    netIncomeFen: bigint;
    distributableFen: bigint;
    dividendsFen: bigint;
  }[],
  t: Tr,
): ExportTable {
  return {
    sheetName: t("regions.chart.trend"),
    header: [
      t("regions.year"),
      t("regions.approvedCount"),
      t("regions.pendingCount"),
      yuanUnit(t, "regions.operatingIncome"),
      yuanUnit(t, "regions.netIncome"),
      yuanUnit(t, "regions.distributable"),
      yuanUnit(t, "regions.dividends"),
    ],
    rows: trend.map((p) => [
      p.year,
      p.approved,
      p.pending,
      yuanNumber(p.operatingIncomeFen),
      yuanNumber(p.netIncomeFen),
      yuanNumber(p.distributableFen),
      yuanNumber(p.dividendsFen),
    ]),
  };
}

export function industriesTable(
  mix: readonly { nameZh: string; nameEn: string; villages: number; incomeFen: bigint }[],
  t: Tr,
  lang: Lang,
): ExportTable {
  return {
    sheetName: t("regions.chart.industries"),
    header: [t("regions.industry"), t("regions.industryVillages"), yuanUnit(t, "regions.industryIncome")],
    rows: mix.map((i) => [lang === "en" ? i.nameEn : i.nameZh, i.villages, yuanNumber(i.incomeFen)]),
  };
}
