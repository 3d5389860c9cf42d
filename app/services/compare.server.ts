import { getDb } from "@db/client.server";
import { CompareQuery } from "~/domain/region-figures";
import { mayAct } from "~/domain/scope";
import { translator } from "~/i18n";
import { getRegionPlaces } from "~/models/places.server";
import { forbidden, notFound, requireUser } from "./auth.server";
import { getLang } from "~/utils/lang.server";
import { readQuery } from "~/utils/query.server";

/**
 * The villages of a comparison: signed in first, then 2–6 distinct 12-digit codes (400 in the
 * user's language), each an existing village (404) that a bureau, town or admin grant of the
 * user reaches (403) — the same rule as the region dashboards.
 */
export async function requireComparableVillages(request: Request): Promise<string[]> {
  const user = await requireUser(request);
  const parsed = readQuery(request, CompareQuery);
  if (!parsed.ok) {
    const t = translator(await getLang(request));
    throw new Response(t("compare.bad"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const codes = parsed.value.villages;
  const places = await getRegionPlaces({ db: await getDb(), codes });
  if (codes.some((c) => places.get(c)?.level !== "village")) throw await notFound(request);
  const roles = ["admin", "bureau", "town"] as const;
  if (!codes.every((c) => mayAct(user.grants, roles, [places.get(c)!]))) throw await forbidden(request);
  return codes;
}
