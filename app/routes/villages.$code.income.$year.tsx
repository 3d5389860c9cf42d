import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { VillageNav, StatusBadge } from "~/components/VillageNav";
import { ConflictView } from "~/components/income/ConflictView";
import { LinesForm, postedLines, VARIANCE_ALERT_ID } from "~/components/income/LinesForm";
import { useYearActionForms, YearActionAlerts, YearActions } from "~/components/income/YearActions";
import { parseIncomeAction } from "~/domain/income-action";
import { capacityOf } from "~/domain/income-workflow";
import type { ZodTypeAny } from "zod";
import { pick } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { getIncomeYearPage, industryIdsOf, submissionBlockersOf } from "~/models/income-views.server";
import { saveIncomeYear, transitionIncomeYear, type IncomeYearView } from "~/models/income.server";
import { requireVillageAccess } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { getEnv } from "~/utils/env.server";
import { replyInvalid, replyRefused, replyRefusedWith } from "~/utils/form-reply.server";
import { parseYear } from "~/utils/params.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { Toast } from "~/components/ui/Toast";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.income", undefined, data ? `${data.village.name} · ${data.year}` : undefined) },
];

/** 村级收支: one village's income and expense lines for a year, and the year's approval. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const page = await getIncomeYearPage({
    db: await getDb(),
    villageCode: village.code,
    year,
    threshold: getEnv().VARIANCE_THRESHOLD_PERCENT,
  });
  return { ...page, capacity: capacityOf(user.grants, village) };
}

/** a refused form's answer; after a conflict, with the version stored meanwhile */
type Answer = Response | ReturnType<typeof replyInvalid> | ReturnType<typeof replyRefusedWith<ZodTypeAny, { conflict: IncomeYearView }>>;

/** Save (with the version it was loaded at), submit, approve, return with a comment, unlock with a reason. */
export async function action({ request, params }: ActionFunctionArgs): Promise<Answer> {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const db = await getDb();
  const formData = await request.formData();
  const submission = parseIncomeAction(formData, { industryIds: await industryIdsOf({ db, villageCode: village.code }) });
  if (submission.status !== "success") return replyInvalid(submission);
  const posted = submission.value;
  const common = {
    db,
    villageCode: village.code,
    year,
    version: posted.version,
    actor: actorOf(user),
    capacity: capacityOf(user.grants, village),
  };
  const threshold = getEnv().VARIANCE_THRESHOLD_PERCENT;
  const result =
    posted.intent === "save"
      ? await saveIncomeYear({ ...common, carriedOverFen: posted.carriedOver, lossesToCoverFen: posted.losses, lines: posted.lines })
      : await transitionIncomeYear({
          ...common,
          transition: posted.intent,
          text: posted.intent === "return" || posted.intent === "unlock" ? posted.text : "",
          blockers: posted.intent === "submit" ? await submissionBlockersOf({ db, villageCode: village.code, year, threshold }) : [],
        });
  // someone saved meanwhile: the page shows their version beside what was posted
  if (!result.ok)
    return "current" in result && result.current
      ? replyRefusedWith(submission, result, { conflict: result.current })
      : replyRefused(submission, result);
  const back = `/villages/${village.code}/income/${year}`;
  return redirect(posted.intent === "save" ? `${back}?saved=1` : back);
}

/** After a conflict the page reloads the stored year, so the next save is made against it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function IncomeYearPage() {
  const { village, year, incomeYear, industries, flags, threshold, capacity } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const forms = useYearActionForms(lastResult);
  const busy = nav.state !== "idle";
  const status = incomeYear?.status ?? "draft";
  const editable = capacity.canEdit && (status === "draft" || status === "returned");
  const version = incomeYear?.version ?? 0;
  const conflict = lastResult && "conflict" in lastResult ? lastResult.conflict : null;

  return (
    <>
      <VillageNav code={village.code} name={village.name} year={year} />
      <header className="stack">
        <h1>
          {t("income.title", { year })} {incomeYear ? <StatusBadge status={status} /> : null}
        </h1>
        <p className="muted small">
          {village.countyName} · {village.townName} · {village.name}
          {" · "}
          <Link to={`/villages/${village.code}/income/${year - 1}`}>{year - 1}</Link>
          {" · "}
          <Link to={`/villages/${village.code}/income/${year + 1}`}>{year + 1}</Link>
        </p>
      </header>

      {params.get("saved") && !lastResult ? <Toast>{t("income.saved")}</Toast> : null}
      <YearActionAlerts forms={forms} />
      {conflict ? (
        <ConflictView theirs={conflict} yours={lastResult?.initialValue?.intent === "save" ? postedLines(lastResult) : []} />
      ) : null}
      {incomeYear?.returnComment && status === "returned" ? (
        <p className="alert alert-warn">{t("income.returnedWith", { comment: incomeYear.returnComment })}</p>
      ) : null}
      {!incomeYear ? (
        <EmptyState title={t("empty.income.title", { year })}>
          {capacity.canEdit ? t("empty.income.body") : t("empty.income.readOnly")}
        </EmptyState>
      ) : null}
      {!capacity.canEdit ? <p className="muted small">{t("income.readOnly")}</p> : null}
      {status === "approved" ? <p className="muted small">{t("income.locked")}</p> : null}
      {incomeYear?.statedNote ? (
        <p className="small">
          {t("income.statedNote")}
          {t("punct.colon")}
          {incomeYear.statedNote}
        </p>
      ) : null}

      {flags.length ? (
        <div className="alert alert-warn" role="status" id={VARIANCE_ALERT_ID}>
          <p>{t("income.variance", { threshold })}</p>
          <ul>
            {flags.map((f) => (
              <li key={f.lineKey}>
                {pick(lang, f)} {f.hasNote ? "✓" : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <LinesForm
        key={version}
        incomeYear={incomeYear}
        version={version}
        industries={industries}
        flaggedKeys={flags.filter((f) => f.scope === "line").map((f) => f.lineKey)}
        editable={editable}
        busy={busy}
        lastResult={lastResult}
      />

      {incomeYear ? (
        <YearActions forms={forms} status={status} version={version} editable={editable} capacity={capacity} busy={busy} />
      ) : null}
    </>
  );
}
