import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { AllocationTable } from "~/components/distribution/AllocationTable";
import { ExplainTable, RunBadge } from "~/components/distribution/RunParts";
import { RunSteps, type StepActionData } from "~/components/distribution/RunSteps";
import { VillageNav } from "~/components/VillageNav";
import { isIsoDate } from "~/domain/dates";
import { explainPlan, plainWords } from "~/domain/distribution-explain";
import { chinaDate, earliestNoticeEnd, noticeEnded } from "~/domain/distribution-lifecycle";
import { mayAct, type VillagePlace } from "~/domain/scope";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { addObjection, answerObjection, approveRun, confirmRun, correctRun, recordHandout, startNotice, withdrawNotice, type HandoutStatus } from "~/models/distribution-steps.server";
import { draftRun, getLiveRun, listAllocations, listObjections, listRunsOfYear, replan } from "~/models/distributions.server";
import { getIncomeYear } from "~/models/income.server";
import { getRule, getRuleInForce } from "~/models/rules.server";
import { getUser } from "~/models/users.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess, type AuthUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getLang } from "~/utils/lang.server";
import { parseYear } from "~/utils/params.server";
import { parseQuery } from "~/utils/query.server";
import { searchQuery } from "~/domain/input";
import { z } from "zod";
import { actorOf } from "~/utils/audit.server";
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

async function nameOf(db: Awaited<ReturnType<typeof getDb>>, id: string | null) {
  return id ? ((await getUser({ db, id }))?.displayName ?? id) : null;
}

/** ?group=<村民组>: the allocations of one group */
const GroupQuery = z.object({ group: searchQuery(100) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const lang = await getLang(request);
  const db = await getDb();
  const today = chinaDate(now());
  const [village, incomeYear, run, history, inForce] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    getIncomeYear({ db, villageCode: place.code, year }),
    getLiveRun({ db, villageCode: place.code, year }),
    listRunsOfYear({ db, villageCode: place.code, year }),
    getRuleInForce({ db, villageCode: place.code, date: today }),
  ]);
  const { group = "" } = await parseQuery(request, GroupQuery);
  let runView = null;
  if (run) {
    const [rule, allocations, objections, approvedBy, confirmedBy] = await Promise.all([
      getRule({ db, id: run.ruleId }),
      listAllocations({ db, runId: run.id }),
      listObjections({ db, runId: run.id }),
      nameOf(db, run.approvedBySecretary),
      nameOf(db, run.confirmedByTown),
    ]);
    const planned = replan(run.requestSnapshot);
    const owner = rule?.ownerRegionCode === place.code ? "village" : "county";
    runView = {
      id: run.id,
      status: run.status,
      version: run.version,
      recordDate: run.recordDate,
      noticeFrom: run.noticeFrom,
      noticeTo: run.noticeTo,
      noticeEnded: noticeEnded(run.noticeTo, today),
      approvedBy,
      approvedBySecretary: run.approvedBySecretary,
      confirmedBy,
      dividendPoolFen: run.dividendPoolFen,
      rule: rule ? { documentTitle: rule.documentTitle, name: rule.name, version: rule.version, noticeDays: rule.noticeDays, inKind: rule.inKind } : null,
      lines: planned ? explainPlan(planned.request, planned.plan, planned.bases) : [],
      words: planned ? plainWords({ lang, request: planned.request, plan: planned.plan, owner }) : null,
      groups: [...new Set(allocations.map((a) => a.groupName ?? ""))].filter(Boolean),
      allocations: group ? allocations.filter((a) => a.groupName === group) : allocations,
      counts: {
        households: allocations.length,
        eligible: allocations.filter((a) => a.eligible).length,
        pending: allocations.filter((a) => a.handout === "pending" && (a.cashFen !== 0n || a.inKindUnits !== 0n)).length,
      },
      objections,
    };
  }
  return {
    village: { code: village!.code, name: village!.name, townName: village!.townName, countyName: village!.countyName },
    year,
    today,
    group,
    capacity: capacityOf(user, place),
    // the village's rule page (its own rule, and the county's it otherwise follows): every reader opens it
    rulesUrl: `/villages/${place.code}/rules`,
    userId: user.id,
    incomeYear: incomeYear ? { status: incomeYear.status, distributableFen: incomeYear.distributableFen } : null,
    ruleInForce: inForce ? { documentTitle: inForce.rule.documentTitle, noticeDays: inForce.rule.noticeDays, owner: inForce.owner } : null,
    suggestedNoticeTo: earliestNoticeEnd(today, runView?.rule?.noticeDays ?? inForce?.rule.noticeDays ?? 7),
    run: runView,
    history: history.map((h) => ({ id: h.id, kind: h.kind, status: h.status, dividendPoolFen: h.dividendPoolFen, createdAt: h.createdAt, source: h.source, reversesRunId: h.reversesRunId })),
  };
}

const INTENTS = ["draft", "notice", "withdraw", "objection", "answer", "approve", "confirm", "handout", "correct"] as const;
type Intent = (typeof INTENTS)[number];
const HANDOUT: HandoutStatus[] = ["pending", "paid", "collected"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? "");
  const intent = get("intent") as Intent;
  const version = Number(get("version"));
  const fail = (status: number, body: StepActionData) => data(body, { status });
  if (!INTENTS.includes(intent)) return fail(400, { intent, error: { zh: "请求无效，请刷新页面后重试", en: "Invalid request: reload the page and try again" } });
  const db = await getDb();
  const common = { db, villageCode: village.code, year, actor: actorOf(user), capacity: capacityOf(user, village), today: chinaDate(now()) };
  const v = { version: Number.isSafeInteger(version) ? version : -1 };

  let result;
  /** the objection an "answer" was for, sent back so its own textarea shows the error */
  let objectionId: number | undefined;
  switch (intent) {
    case "draft": {
      const recordDate = get("recordDate") || common.today;
      if (!isIsoDate(recordDate)) {
        const error = { zh: "股权登记日应为日期，如 2026-03-01", en: "The record date is a date, e.g. 2026-03-01" };
        return fail(400, { intent, error, fieldErrors: { recordDate: error } });
      }
      result = await draftRun({ ...common, recordDate });
      break;
    }
    case "notice":
      result = await startNotice({ ...common, ...v, from: get("noticeFrom"), to: get("noticeTo") });
      break;
    case "withdraw":
      result = await withdrawNotice({ ...common, ...v });
      break;
    case "objection":
      result = await addObjection({ ...common, householdCode: get("householdCode"), raisedBy: get("raisedBy"), raisedOn: get("raisedOn"), content: get("content") });
      break;
    case "answer":
      objectionId = Number(get("objectionId"));
      result = await answerObjection({ ...common, objectionId, answer: get("answer") });
      break;
    case "approve":
      result = await approveRun({ ...common, ...v });
      break;
    case "confirm":
      result = await confirmRun({ ...common, ...v });
      break;
    case "handout": {
      const status = get("handout") as HandoutStatus;
      if (!HANDOUT.includes(status)) return fail(400, { intent, error: { zh: "请选择发放状态", en: "Choose a hand-out status" } });
      const ids = form.getAll("allocationId").map(Number).filter(Number.isSafeInteger);
      result = await recordHandout({ ...common, allocationIds: get("scope") === "all" ? null : ids, status, date: get("date"), reference: get("reference") });
      break;
    }
    case "correct":
      result = await correctRun({ ...common, ...v, reason: get("reason"), recordDate: get("recordDate") });
      break;
  }
  if (!result.ok) {
    const fieldErrors = "fieldErrors" in result ? (result.fieldErrors as StepActionData["fieldErrors"]) : undefined;
    return fail(result.status, { intent, error: result.error, fieldErrors, ...(objectionId !== undefined && Number.isSafeInteger(objectionId) ? { objectionId } : {}) });
  }
  const back = new URL(request.url);
  return redirect(`/villages/${village.code}/distributions/${year}?done=${intent}${back.searchParams.get("group") ? `&group=${encodeURIComponent(back.searchParams.get("group")!)}` : ""}`);
}

export default function DistributionPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as StepActionData | undefined;
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  const done = params.get("done");
  const run = d.run;
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

      {done ? <Toast>{t(`dist.done.${done as "draft"}`)}</Toast> : null}
      {actionData?.error ? <p className="alert alert-error" role="alert">{pick(lang, actionData.error)}</p> : null}

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
            {d.rulesUrl ? <> <Link to={d.rulesUrl}>{t("dist.toRules")}</Link></> : null}
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
              <div><dt>{t("dist.recordDate")}</dt><dd>{date(run.recordDate, lang)}</dd></div>
              <div><dt>{t("dist.pool")}</dt><dd>{money(run.dividendPoolFen, lang)}</dd><WanNote fen={run.dividendPoolFen} /></div>
              <div><dt>{t("dist.households")}</dt><dd>{t("dist.householdCount", { eligible: run.counts.eligible, all: run.counts.households })}</dd></div>
              {run.noticeFrom ? <div><dt>{t("dist.noticePeriod")}</dt><dd>{date(run.noticeFrom, lang)} — {date(run.noticeTo, lang)}</dd></div> : null}
              {run.approvedBy ? <div><dt>{t("dist.approvedBy")}</dt><dd>{run.approvedBy}</dd></div> : null}
              {run.confirmedBy ? <div><dt>{t("dist.confirmedBy")}</dt><dd>{run.confirmedBy}</dd></div> : null}
            </dl>
            {run.words ? <p className="plain-words" data-testid="plain-words">{run.words}</p> : null}
            <ExplainTable lines={run.lines} caption={t("dist.plan")} />
            <p className="actions no-print">
              <Link className="button secondary" to={`${base}/notice`}>{t("dist.printNotice")}</Link>
              {run.status === "approved" || run.status === "handed_out" ? (
                <>
                  <Link className="button secondary" to={`${base}/sheets?by=group`}>{t("dist.sheetsByGroup")}</Link>
                  <Link className="button secondary" to={`${base}/sheets?by=leader`}>{t("dist.sheetsByLeader")}</Link>
                </>
              ) : null}
              <ExportLink className="button secondary" href={`${base}/export?format=csv`}>{t("dist.exportCsv")}</ExportLink>
              <ExportLink className="button secondary" href={`${base}/export?format=xlsx`}>{t("dist.exportXlsx")}</ExportLink>
            </p>
          </section>
        </>
      )}

      <RunSteps
        run={run}
        capacity={d.capacity}
        userId={d.userId}
        today={d.today}
        suggestedNoticeTo={d.suggestedNoticeTo}
        canDraft={d.incomeYear?.status === "approved"}
        actionData={actionData}
      />

      {run ? (
        <section className="card stack" aria-labelledby="alloc-h">
          <h2 id="alloc-h">{t("dist.allocations")}</h2>
          <Form method="get" className="actions no-print">
            <label htmlFor="group-filter">{t("dist.group")}</label>
            <select id="group-filter" name="group" defaultValue={d.group}>
              <option value="">{t("dist.allGroups")}</option>
              {run.groups.map((g) => <option key={g} value={g}>{g}</option>)}
            </select>
            <button type="submit" className="secondary">{t("dist.filter")}</button>
          </Form>
          <AllocationTable rows={run.allocations} inKind={run.rule?.inKind ?? null} selectable={d.capacity.canWrite && (run.status === "approved" || run.status === "handed_out")} />
        </section>
      ) : null}

      {d.history.length > 1 ? (
        <section className="card" aria-labelledby="hist-h">
          <h2 id="hist-h">{t("dist.history")}</h2>
          <div {...scrollRegion(t, t("dist.history"))}>
            <table>
              <thead><tr><th scope="col">#</th><th scope="col">{t("dist.status")}</th><th scope="col" className="num">{t("dist.pool")}</th><th scope="col">{t("dist.note")}</th></tr></thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.id}</th>
                    <td><RunBadge status={h.status} kind={h.kind} /></td>
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
