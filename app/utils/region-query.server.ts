import { dashboardQuery, type Filters, type SortKey } from "~/domain/region-figures";
import { pick, translator } from "~/i18n";
import { getLang } from "./lang.server";
import { readQuery } from "./query.server";
import { thisYearInChina } from "./today.server";

export type ParsedDashboardQuery = {
  year: number | undefined;
  filters: Filters;
  sort: SortKey | undefined;
  dir: "asc" | "desc" | undefined;
  page: number;
};

/**
 * The dashboard's query string (?year=&town=&industry=&model=&tier=&sort=&dir=&page=) through
 * the input layer; a bad value is a 400 in the user's language: the year's range, or the
 * parameter's name.
 */
export async function parseDashboardQuery(request: Request): Promise<ParsedDashboardQuery> {
  const parsed = readQuery(request, dashboardQuery({ thisYear: thisYearInChina() }));
  if (!parsed.ok) {
    const lang = await getLang(request);
    const message = parsed.field === "year" ? pick(lang, parsed.message) : translator(lang)("regions.badParam", { field: parsed.field });
    throw new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { year, sort, dir, page, ...filters } = parsed.value;
  return { year, filters, sort, dir, page };
}
