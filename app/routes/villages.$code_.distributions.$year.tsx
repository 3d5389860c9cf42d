import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { getDb } from "@db/client.server";
import { AllocationTable } from "~/components/distribution/AllocationTable";
import { ExplainTable, RunBadge } from "~/components/distribution/RunParts";
import { RunSteps } from "~/components/distribution/RunSteps";
import { stepForms, strayReply } from "~/components/distribution/step-replies";
import { VillageNav } from "~/components/VillageNav";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { parseStep, runPageQuery, STEP_INTENTS } from "~/domain/distribution-form";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { mayAct, type VillagePlace } from "~/domain/scope";
import { useLang, useT } from "~/i18n/use-t";
import { getDistributionPage } from "~/models/distribution-page.server";
import { takeStep } from "~/models/distribution-steps.server";
import { requireVillageAccess, type AuthUser } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { getLang } from "~/utils/lang.server";
import { parseYear } from "~/utils/params.server";
import { parseQuery, readQuery } from "~/utils/query.server";
import { Toast } from "~/components/ui/Toast";
import { EmptyState } from "~/components/ui/EmptyState";
import { ExportLink } from "~/components/ui/ExportLink";
import { date, money } from "~/i18n/format";
import { WanNote } from "~/components/ui/WanNote";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.distribution", undefined, data ? `${data.village.name} · ${data.year}` : undefined) },
];

/** Secretary writes; town (and the county bureau above it) confirms; everyone in scope reads. */
function capacityOf(user: AuthUser, village: VillagePlace) {
  return { canWrite: mayAct(user.grants, "secretary", [village]), canConfirm: mayAct(user.grants, ["town", "bureau"], [village]) };
}

/** 分配方案 of a village's year. ?group= shows one 村民组's households (a malformed name is a 400). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const { group } = await parseQuery(request, runPageQuery);
  const page = await getDistributionPage({
    db: await getDb(),
    villageCode: village.code,
    year,
    lang: await getLang(request),
    today: chinaDate(now()),
    group,
    capacity: capacityOf(user, village),
  });
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, userId: user.id };
}

/** Each step's form posts its intent: draft, notice, withdraw, objection, answer, approve, confirm, handout or correct. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const submission = parseStep(await request.formData());
  if (submission.status !== "success") return replyInvalid(submission);
  const step = {
    db: await getDb(),
    villageCode: village.code,
    year,
    actor: actorOf(user),
    capacity: capacityOf(user, village),
    today: chinaDate(now()),
  };
  const result = await takeStep(step, submission.value);
  if (!result.ok) return replyRefused(submission, result);
  // back to the group the page was showing (a malformed one is dropped)
  const query = readQuery(request, runPageQuery);
  const group = query.ok && query.value.group ? `&group=${encodeURIComponent(query.value.group)}` : "";
  return redirect(`/villages/${village.code}/distributions/${year}?done=${submission.value.intent}${group}`);
}

export default function DistributionPage() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  const done = STEP_INTENTS.find((i) => i === params.get("done"));
  const run = d.run;
  const canDraft = d.incomeYear?.status === "approved";
  const forms = useMemo(() => stepForms(run, d.capacity, canDraft), [run, d.capacity, canDraft]);
  // an answer no step form on the page claims (a button's refusal, a stale page) is shown here
  // (kept while the answer is the same: conform starts over on every new one)
  const stray = useMemo(() => strayReply(lastResult, forms), [lastResult, forms]);
  const [pageForm] = useFormReply({ id: "dist-steps", lastResult: stray });
  const base = `/villages/${d.village.code}/distributions/${d.year}`;

  return (
    <>
      <VillageNav code={d.village.code} name={d.village.name} year={d.year} />
      <header className="stack">
        <h1>
          {t("dist.title", { year: d.year })} {run ? <RunBadge status={run.status} /> : null}
        </h1>
        <p className="muted">
          {d.village.countyName} · {d.village.townName} · {d.village.name}
        </p>
      </header>

      {done && !lastResult ? <Toast>{t(`dist.done.${done}`)}</Toast> : null}
      <FormErrorsAlert form={pageForm} />

      {!run ? (
        <section className="card stack" aria-labelledby="none-h">
          <h2 id="none-h">{t("dist.none")}</h2>
          {d.incomeYear?.status === "approved" ? (
            <p>{t("dist.incomeApproved", { amount: money(d.incomeYear.distributableFen, lang) })}</p>
          ) : (
            <EmptyState
              action={
                <Link className="button primary" to={`/villages/${d.village.code}/income/${d.year}`}>
                  {d.capacity.canWrite ? t("empty.dist.needIncomeAction", { year: d.year }) : t("dist.toIncome")}
                </Link>
              }
            >
              {d.capacity.canWrite ? t("empty.dist.needIncome", { year: d.year }) : t("dist.incomeNotApproved")}
            </EmptyState>
          )}
          <p className="small">
            {d.ruleInForce ? t("dist.ruleInForce", { title: d.ruleInForce.documentTitle }) : t("dist.noRule")}
            {d.rulesUrl ? (
              <>
                {" "}
                <Link to={d.rulesUrl}>{t("dist.toRules")}</Link>
              </>
            ) : null}
          </p>
        </section>
      ) : (
        <>
          <section className="card stack" aria-labelledby="plan-h">
            <h2 id="plan-h">{t("dist.plan")}</h2>
            <dl className="totals">
              <div>
                <dt>{t("dist.rule")}</dt>
                <dd>{d.rulesUrl ? <Link to={d.rulesUrl}>{run.rule?.documentTitle}</Link> : run.rule?.documentTitle}</dd>
              </div>
              <div>
                <dt>{t("dist.recordDate")}</dt>
                <dd>{date(run.recordDate, lang)}</dd>
              </div>
              <div>
                <dt>{t("dist.pool")}</dt>
                <dd>{money(run.dividendPoolFen, lang)}</dd>
                <WanNote fen={run.dividendPoolFen} />
              </div>
              <div>
                <dt>{t("dist.households")}</dt>
                <dd>{t("dist.householdCount", { eligible: run.counts.eligible, all: run.counts.households })}</dd>
              </div>
              {run.noticeFrom ? (
                <div>
                  <dt>{t("dist.noticePeriod")}</dt>
                  <dd>
                    {date(run.noticeFrom, lang)} — {date(run.noticeTo, lang)}
                  </dd>
                </div>
              ) : null}
              {run.handoutPlace && run.handoutOn ? (
                <div>
                  <dt>{t("dist.placeShown")}</dt>
                  <dd>{t("dist.placeText", { on: date(run.handoutOn, lang), place: run.handoutPlace })}</dd>
                </div>
              ) : null}
              {run.approvedBy ? (
                <div>
                  <dt>{t("dist.approvedBy")}</dt>
                  <dd>{run.approvedBy}</dd>
                </div>
              ) : null}
              {run.confirmedBy ? (
                <div>
                  <dt>{t("dist.confirmedBy")}</dt>
                  <dd>{run.confirmedBy}</dd>
                </div>
              ) : null}
            </dl>
            {run.words ? (
              <p className="plain-words" data-testid="plain-words">
                {run.words}
              </p>
            ) : null}
            <ExplainTable lines={run.lines} caption={t("dist.plan")} />
            <p className="actions no-print">
              <Link className="button secondary" to={`${base}/notice`}>
                {t("dist.printNotice")}
              </Link>
              {run.status === "approved" || run.status === "handed_out" ? (
                <>
                  <Link className="button secondary" to={`${base}/sheets?by=group`}>
                    {t("dist.sheetsByGroup")}
                  </Link>
                  <Link className="button secondary" to={`${base}/sheets?by=leader`}>
                    {t("dist.sheetsByLeader")}
                  </Link>
                </>
              ) : null}
              <ExportLink className="button secondary" href={`${base}/export?format=csv`}>
                {t("dist.exportCsv")}
              </ExportLink>
              <ExportLink className="button secondary" href={`${base}/export?format=xlsx`}>
                {t("dist.exportXlsx")}
              </ExportLink>
            </p>
          </section>
        </>
      )}

      <RunSteps
        run={run}
        forms={forms}
        capacity={d.capacity}
        userId={d.userId}
        today={d.today}
        suggestedNoticeTo={d.suggestedNoticeTo}
        lastResult={lastResult}
      />

      {run ? (
        <section className="card stack" aria-labelledby="alloc-h">
          <h2 id="alloc-h">{t("dist.allocations")}</h2>
          <Form method="get" className="actions no-print">
            <label htmlFor="group-filter">{t("dist.group")}</label>
            <select id="group-filter" name="group" defaultValue={d.group}>
              <option value="">{t("dist.allGroups")}</option>
              {run.groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("dist.filter")}
            </button>
          </Form>
          <AllocationTable
            rows={run.allocations}
            inKind={run.rule?.inKind ?? null}
            selectable={d.capacity.canWrite && (run.status === "approved" || run.status === "handed_out")}
          />
        </section>
      ) : null}

      {d.history.length > 1 ? (
        <section className="card" aria-labelledby="hist-h">
          <h2 id="hist-h">{t("dist.history")}</h2>
          <div {...scrollRegion(t, t("dist.history"))}>
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("dist.status")}</th>
                  <th scope="col" className="num">
                    {t("dist.pool")}
                  </th>
                  <th scope="col">{t("dist.note")}</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.id}</th>
                    <td>
                      <RunBadge status={h.status} kind={h.kind} />
                    </td>
                    <td className="num">{money(h.dividendPoolFen, lang)}</td>
                    <td className="small">{h.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
