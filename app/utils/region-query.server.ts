import { DashboardQuery, type Filters, type SortKey } from "~/domain/region-figures";
import { translator } from "~/i18n";
import { getLang } from "./lang.server";

export type ParsedDashboardQuery = {
  year: number | undefined;
  filters: Filters;
  sort: SortKey | undefined;
  dir: "asc" | "desc" | undefined;
  page: number;
};

/**
 * The dashboard's query string (?year=&town=&industry=&model=&tier=&sort=&dir=), validated; a bad
 * value is a 400 in the user's language naming the parameter.
 */
export async function parseDashboardQuery(request: Request): Promise<ParsedDashboardQuery> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const key of ["year", "town", "industry", "model", "tier", "sort", "dir", "page"]) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = DashboardQuery.safeParse(raw);
  if (!parsed.success) {
    const t = translator(await getLang(request));
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    const message = field === "year" ? t("regions.badYear") : t("regions.badParam", { field });
    throw new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { year, sort, dir, page, ...filters } = parsed.data;
  return { year, filters, sort, dir, page: page ?? 1 };
}
