import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RunBadge } from "~/components/distribution/RunParts";
import { receiveText } from "~/domain/distribution-sheets";
import { useLang, useT } from "~/i18n/use-t";
import { getMemberView } from "~/models/distribution-views.server";
import { notFound, requireUser } from "~/services/auth.server";
import { parseQuery } from "~/utils/query.server";
import { id } from "~/domain/input";
import { z } from "zod";
import { getLang } from "~/utils/lang.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { date, money } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.me") }];

/**
 * ?household=<id>: which of the member's households (another one's id shows the first);
 * ?welcome=1: the account was just opened with an invitation slip (/join), so its username is shown
 */
const MeQuery = z.object({ household: id().optional(), welcome: z.literal("1").optional().catch(undefined) });

/** A member household's own page, phone first: its shares over time and each year's dividend, explained. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "member" });
  const own = user.grants.filter((g) => g.role === "member" && g.householdId != null).map((g) => g.householdId!);
  const { household: asked, welcome } = await parseQuery(request, MeQuery);
  // only a household of this user's own grants, whatever the URL says
  const householdId = asked !== undefined && own.includes(asked) ? asked : own[0]!;
  const view = await getMemberView({ db: await getDb(), householdId, lang: await getLang(request) });
  if (!view) throw await notFound(request);
  return { ...view, others: own.filter((id) => id !== householdId), welcome: welcome ? user.username : null };
}

export default function MePage() {
  const { household, shares, dividends, others, welcome } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="stack me-page">
      {welcome ? (
        <p className="alert alert-ok" role="status">
          {t("join.welcome", { username: welcome })}
        </p>
      ) : null}
      <header>
        <p className="eyebrow">{t("me.eyebrow")}</p>
        <h1>{t("me.title", { name: household.headName })}</h1>
        <p className="muted">
          {household.code} · {household.groupName ?? ""} · {t("me.members", { n: household.members })} ·{" "}
          {t("me.joined", { date: date(household.joinedOn, lang) })}
          {household.leftOn ? ` · ${t("me.left", { date: household.leftOn })}` : ""}
        </p>
        {others.length ? (
          <p className="small">
            {others.map((id) => (
              <Link key={id} to={`?household=${id}`}>
                {t("me.otherHousehold", { id })}
              </Link>
            ))}
          </p>
        ) : null}
      </header>

      <section aria-labelledby="div-h" className="stack">
        <h2 id="div-h">{t("me.dividends")}</h2>
        {dividends.length === 0 ? <EmptyState title={t("empty.dividends.title")}>{t("empty.dividends.body")}</EmptyState> : null}
        {dividends.map((d) => (
          <article key={`${d.runId}`} className="card me-dividend" data-testid={`dividend-${d.year}`}>
            <h3>
              {t("me.year", { year: d.year })} <RunBadge status={d.status} kind={d.kind} />
            </h3>
            {d.eligible ? <p className="me-amount">{receiveText(d, d.inKind, lang)}</p> : <p className="muted">{t("dist.notEligible")}</p>}
            {d.rewardFen ? <p className="small">{t("me.reward", { amount: money(d.rewardFen, lang) })}</p> : null}
            {d.why ? <p className="plain-words">{d.why}</p> : null}
            <p className="small muted">
              {d.documentTitle}
              {d.handout !== "pending" ? ` · ${t(`dist.handout.${d.handout}`)} ${d.handedOutOn ?? ""}` : ""}
            </p>
          </article>
        ))}
      </section>

      <section aria-labelledby="shares-h" className="card">
        <h2 id="shares-h">{t("me.shares")}</h2>
        {shares.length === 0 ? (
          <p className="muted">{t("me.noShares")}</p>
        ) : (
          <div {...scrollRegion(t, t("me.shares"))}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("me.date")}</th>
                  <th scope="col">{t("me.change")}</th>
                  <th scope="col" className="num">
                    {t("me.quantity")}
                  </th>
                  <th scope="col" className="num">
                    {t("me.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shares.map((s, i) => (
                  <tr key={i}>
                    <th scope="row" className="date">
                      {date(s.effectiveOn, lang)}
                    </th>
                    <td>
                      {s.className} · {t(`me.entry.${s.entryType}`)}
                    </td>
                    <td className="num">{s.quantity}</td>
                    <td className="num">{s.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
