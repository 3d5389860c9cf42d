/**
 * Villages side by side (/compare): who they are and every year's figures, two queries for up to
 * six villages.
 */
import { sql } from "drizzle-orm";
import { rowsOf, toBigInt, type DbOrTx } from "@db/client.server";
import { modelSql } from "./region-figures.server";

export type ComparedVillage = {
  code: string;
  name: string;
  townName: string;
  countyName: string;
  model: string | null;
  cooperative: string | null;
  industries: { key: string; nameZh: string; nameEn: string }[];
};

export type ComparedYear = {
  villageCode: string;
  year: number;
  status: "draft" | "submitted" | "approved" | "returned";
  operatingIncomeFen: bigint;
  netIncomeFen: bigint;
  distributableFen: bigint;
  dividendsFen: bigint | null;
  households: number;
};

const SEP = "\u001f";

export async function compareVillages({ db, codes }: { db: DbOrTx; codes: readonly string[] }) {
  const list = sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
  const [identityResult, yearResult] = await Promise.all([
    db.execute(sql`
      SELECT v.code, r.name, t.name AS town_name, c.name AS county_name, ${modelSql(sql.raw("v.code"))} AS model,
             (SELECT co.name FROM cooperatives co WHERE co.village_code = v.code ORDER BY co.id LIMIT 1) AS cooperative,
             (SELECT string_agg(i.key || ${SEP} || i.name_zh || ${SEP} || i.name_en, ${SEP + SEP} ORDER BY vi.position, vi.id)
                FROM village_industries vi JOIN industries i ON i.id = vi.industry_id WHERE vi.village_code = v.code) AS industries
        FROM villages v
        JOIN regions r ON r.code = v.code
        JOIN regions t ON t.code = v.town_code
        JOIN regions c ON c.code = v.county_code
       WHERE v.code IN (${list})`),
    db.execute(sql`
      SELECT iy.village_code, iy.year, iy.status::text AS status, iy.operating_income_fen::text AS op,
             iy.net_operating_income_fen::text AS net, iy.distributable_fen::text AS dist,
             (dr.dividend_pool_fen - dr.leftover_fen)::text AS dividends,
             coalesce(f.households, 0) AS households
        FROM income_years iy
        LEFT JOIN distribution_runs dr ON dr.village_code = iy.village_code AND dr.year = iy.year
             AND dr.kind = 'regular' AND dr.status IN ('approved', 'handed_out')
        LEFT JOIN LATERAL (SELECT households FROM village_year_figures yf
             WHERE yf.village_code = iy.village_code AND yf.year <= iy.year ORDER BY yf.year DESC LIMIT 1) f ON true
       WHERE iy.village_code IN (${list})
       ORDER BY iy.year, iy.village_code`),
  ]);
  const byCode = new Map(
    rowsOf<Record<string, string | null>>(identityResult).map((r) => {
      const industries = (r.industries ? r.industries.split(SEP + SEP) : []).map((s) => {
        const [key, nameZh, nameEn] = s.split(SEP);
        return { key: key ?? "", nameZh: nameZh ?? "", nameEn: nameEn ?? "" };
      });
      const v: ComparedVillage = {
        code: String(r.code).trim(),
        name: String(r.name),
        townName: String(r.town_name),
        countyName: String(r.county_name),
        model: r.model,
        cooperative: r.cooperative,
        industries,
      };
      return [v.code, v];
    }),
  );
  // in the order asked for
  const villages = codes.map((c) => byCode.get(c)).filter((v): v is ComparedVillage => Boolean(v));
  const years: ComparedYear[] = rowsOf<Record<string, unknown>>(yearResult).map((r) => ({
    villageCode: String(r.village_code).trim(),
    year: Number(r.year),
    status: r.status as ComparedYear["status"],
    operatingIncomeFen: toBigInt(r.op),
    netIncomeFen: toBigInt(r.net),
    distributableFen: toBigInt(r.dist),
    dividendsFen: r.dividends == null ? null : toBigInt(r.dividends),
    households: Number(r.households),
  }));
  return { villages, years };
}
