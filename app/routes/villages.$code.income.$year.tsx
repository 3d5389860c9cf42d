import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useMemo, useState } from "react";
import { getDb } from "@db/client.server";
import { VillageNav, StatusBadge } from "~/components/VillageNav";
import { computeYearTotals, EXPENSE_KINDS, INCOME_KINDS, type LineKind } from "~/domain/income";
import { isBlank, parseLines, rawLinesFrom, type RawLine } from "~/domain/income-form";
import { COMMENT_MAX, parseIncomeAction } from "~/domain/income-action";
import { mayAct } from "~/domain/scope";
import { formatFenPlain, parseMoney } from "~/domain/money";
import { submissionBlockers, varianceFlags } from "~/domain/variance";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { getIncomeYear, getPreviousYearLines, listIndustryChoices, saveIncomeYear, transitionIncomeYear } from "~/models/income.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess, type AuthUser } from "~/services/auth.server";
import { getEnv } from "~/utils/env.server";
import { parseYear } from "~/utils/params.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";
import type { VillagePlace } from "~/domain/scope";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { EmptyState } from "~/components/ui/EmptyState";
import { money } from "~/i18n/format";
import { WanNote } from "~/components/ui/WanNote";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { Message } from "~/i18n/message";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.income", undefined, data ? `${data.village.name} · ${data.year}` : undefined) },
];

/** What this user may do to this village's year. Admins read; they do not keep villages' books. */
function capacityOf(user: AuthUser, village: VillagePlace) {
  return {
    canEdit: mayAct(user.grants, "secretary", [village]),
    canApprove: mayAct(user.grants, ["town", "bureau"], [village]),
    canUnlock: mayAct(user.grants, "bureau", [village]),
  };
}

async function pageData(db: Awaited<ReturnType<typeof getDb>>, code: string, year: number) {
  const [village, incomeYear, previous, industries] = await Promise.all([
    getVillageIdentity({ db, code }),
    getIncomeYear({ db, villageCode: code, year }),
    getPreviousYearLines({ db, villageCode: code, year }),
    listIndustryChoices({ db, villageCode: code }),
  ]);
  return { village: village!, incomeYear, previous, industries };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const db = await getDb();
  const { village, incomeYear, previous, industries } = await pageData(db, place.code, year);
  const threshold = getEnv().VARIANCE_THRESHOLD_PERCENT;
  const flags = incomeYear ? varianceFlags(incomeYear.lines, previous, threshold) : [];
  return {
    village: { code: village.code, name: village.name, townName: village.townName, countyName: village.countyName },
    year,
    incomeYear,
    previousLines: previous.map((l) => ({ kind: l.kind, villageIndustryId: l.villageIndustryId, description: l.description, amountFen: l.amountFen })),
    industries,
    flags,
    threshold,
    capacity: capacityOf(user, place),
  };
}

type ActionResult = {
  intent: string;
  error?: Message;
  /** the return / unlock comment as posted, and what is wrong with it */
  text?: string;
  textError?: Message;
  lineErrors?: Record<string, Message>;
  posted?: { lines: RawLine[]; carriedOver: string; losses: string };
  conflict?: Awaited<ReturnType<typeof getIncomeYear>>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const form = await request.formData();
  const fail = (status: number, body: ActionResult) => data(body, { status });
  const parsedAction = parseIncomeAction({ intent: form.get("intent"), version: form.get("version"), text: form.get("text") });
  if (!parsedAction.ok) {
    const intent = typeof form.get("intent") === "string" ? String(form.get("intent")) : "";
    const text = typeof form.get("text") === "string" ? String(form.get("text")) : undefined;
    return fail(400, { intent, error: parsedAction.error, text, textError: parsedAction.field === "text" ? parsedAction.error : undefined });
  }
  const posted = parsedAction.action;
  const { intent, version } = posted;
  const capacity = capacityOf(user, village);
  const db = await getDb();
  const actor = actorOf(user);
  const back = `/villages/${village.code}/income/${year}`;

  if (intent === "save") {
    const rows = rawLinesFrom(form);
    const carriedOver = String(form.get("carriedOver") ?? "").trim();
    const losses = String(form.get("losses") ?? "").trim();
    const postedLines = { lines: rows, carriedOver, losses };
    const industries = await listIndustryChoices({ db, villageCode: village.code });
    const { lines, errors } = parseLines(rows, new Set(industries.map((i) => i.id)));
    const carried = carriedOver ? parseMoney(carriedOver, { allowNegative: true }) : ({ ok: true, fen: 0n } as const);
    const lossesFen = losses ? parseMoney(losses) : ({ ok: true, fen: 0n } as const);
    if (!carried.ok) errors["carriedOver"] = carried.error;
    if (!lossesFen.ok) errors["losses"] = lossesFen.error;
    if (Object.keys(errors).length || !carried.ok || !lossesFen.ok) {
      return fail(400, { intent, lineErrors: errors, posted: postedLines, error: { zh: "有填写错误，请按提示修改", en: "Some fields need correcting" } });
    }
    const result = await saveIncomeYear({
      db,
      villageCode: village.code,
      year,
      version,
      carriedOverFen: carried.fen,
      lossesToCoverFen: lossesFen.fen,
      lines,
      actor,
      capacity,
    });
    if (!result.ok) return fail(statusOfRefusal(result.code), { intent, error: messageOfRefusal(result), posted: postedLines, conflict: result.current });
    return redirect(`${back}?saved=1`);
  }

  const text = posted.intent === "return" || posted.intent === "unlock" ? posted.text : "";
  let blockers: Message[] = [];
  if (intent === "submit") {
    const [current, previous] = await Promise.all([
      getIncomeYear({ db, villageCode: village.code, year }),
      getPreviousYearLines({ db, villageCode: village.code, year }),
    ]);
    blockers = current ? submissionBlockers(current.lines, previous, getEnv().VARIANCE_THRESHOLD_PERCENT) : [];
  }
  const result = await transitionIncomeYear({
    db,
    villageCode: village.code,
    year,
    version,
    transition: intent,
    text,
    actor,
    capacity,
    blockers,
  });
  if (!result.ok) {
    const error = messageOfRefusal(result);
    return fail(statusOfRefusal(result.code), { intent, error: { zh: error.zh, en: error.en }, text: text || undefined, conflict: "current" in result ? result.current : undefined });
  }
  return redirect(back);
}

/** The return comment / unlock reason: what was posted comes back with its message beside it. */
function CommentBox({ id, actionData, intents }: { id: string; actionData: ActionResult | undefined; intents: string[] }) {
  const lang = useLang();
  const mine = actionData && intents.includes(actionData.intent) ? actionData : undefined;
  return (
    <>
      <textarea
        id={id}
        name="text"
        rows={2}
        maxLength={COMMENT_MAX}
        defaultValue={mine?.text ?? ""}
        aria-invalid={mine?.textError ? true : undefined}
        aria-describedby={mine?.textError ? `${id}-error` : undefined}
      />
      {mine?.textError ? <p id={`${id}-error`} className="field-error">{pick(lang, mine.textError)}</p> : null}
    </>
  );
}

const ALL_KINDS: LineKind[] = [...INCOME_KINDS, ...EXPENSE_KINDS];
const blankLine = (kind: LineKind): RawLine => ({ kind, industry: "", description: "", amount: "", note: "" });

function toRaw(lines: { kind: string; villageIndustryId: number | null; description: string; amountFen: bigint; varianceNote: string | null }[]): RawLine[] {
  return lines.map((l) => ({
    kind: l.kind,
    industry: l.villageIndustryId ? String(l.villageIndustryId) : "",
    description: l.description,
    amount: formatFenPlain(l.amountFen),
    note: l.varianceNote ?? "",
  }));
}

/** Totals as the user types: the same pure arithmetic the server stores. */
function liveTotals(rows: RawLine[], carriedOver: string) {
  const lines = rows
    .filter((r) => !isBlank(r) && ALL_KINDS.includes(r.kind as LineKind))
    .map((r) => {
      const p = parseMoney(r.amount);
      return { kind: r.kind as LineKind, amountFen: p.ok ? p.fen : 0n };
    });
  const carried = parseMoney(carriedOver || "0", { allowNegative: true });
  return computeYearTotals(lines, carried.ok ? carried.fen : 0n);
}

export default function IncomeYearPage() {
  const { village, year, incomeYear, industries, flags, threshold, capacity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const status = incomeYear?.status ?? "draft";
  const editable = capacity.canEdit && (status === "draft" || status === "returned");

  const lineErrors = actionData?.lineErrors ?? {};
  const version = incomeYear?.version ?? 0;

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

      {params.get("saved") && !actionData ? (
        <Toast>{t("income.saved")}</Toast>
      ) : null}
      {actionData?.error ? (
        <div className="alert alert-error" role="alert">
          <p>{pick(lang, actionData.error)}</p>
          {Object.entries(lineErrors).length ? (
            <ul>
              {Object.entries(lineErrors).map(([key, msg]) => {
                const [row] = key.split(".");
                return (
                  <li key={key}>
                    {/^\d+$/.test(row) ? t("income.lineError", { line: Number(row) + 1, message: pick(lang, msg) }) : pick(lang, msg)}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
      {actionData?.conflict ? <ConflictView theirs={actionData.conflict} yours={actionData.posted?.lines ?? []} /> : null}
      {incomeYear?.returnComment && status === "returned" ? <p className="alert alert-warn">{t("income.returnedWith", { comment: incomeYear.returnComment })}</p> : null}
      {!incomeYear ? (
        <EmptyState title={t("empty.income.title", { year })}>{capacity.canEdit ? t("empty.income.body") : t("empty.income.readOnly")}</EmptyState>
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
        <div className="alert alert-warn" role="status">
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
        industries={industries}
        flaggedKeys={flags.filter((f) => f.scope === "line").map((f) => f.lineKey)}
        editable={editable}
        busy={busy}
        actionData={actionData}
      />

      {incomeYear ? (
        <section className="card actions-card no-print" aria-label={t("income.submit")}>
          {editable ? (
            <Form method="post" className="actions">
              <input type="hidden" name="version" value={version} />
              <button type="submit" name="intent" value="submit" className="primary" disabled={busy}>
                {t("income.submit")}
              </button>
            </Form>
          ) : null}
          {capacity.canApprove && status === "submitted" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="version" value={version} />
              <div className="field">
                <label htmlFor="return-text">{t("income.returnComment")}</label>
                <CommentBox id="return-text" actionData={actionData} intents={["approve", "return"]} />
              </div>
              <div className="actions">
                <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
                  {t("income.approve")}
                </button>
                <button type="submit" name="intent" value="return" className="danger" disabled={busy}>
                  {t("income.return")}
                </button>
              </div>
            </Form>
          ) : null}
          {capacity.canUnlock && status === "approved" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="version" value={version} />
              <div className="field">
                <label htmlFor="unlock-text">{t("income.unlockReason")}</label>
                <CommentBox id="unlock-text" actionData={actionData} intents={["unlock"]} />
              </div>
              <button type="submit" name="intent" value="unlock" className="danger" disabled={busy}>
                {t("income.unlock")}
              </button>
            </Form>
          ) : null}
          {status === "submitted" && !capacity.canApprove ? <p className="muted">{t("income.pendingApproval")}</p> : null}
        </section>
      ) : null}
    </>
  );
}

type LinesFormProps = {
  incomeYear: ReturnType<typeof useLoaderData<typeof loader>>["incomeYear"];
  industries: { id: number; nameZh: string; nameEn: string }[];
  flaggedKeys: string[];
  editable: boolean;
  busy: boolean;
  actionData: ActionResult | undefined;
};

/** The lines and totals; remounted (by key) whenever the stored version changes. */
function LinesForm({ incomeYear, industries, flaggedKeys: flagged, editable, busy, actionData }: LinesFormProps) {
  const t = useT();
  const lang = useLang();
  const initialRows = actionData?.posted?.lines ?? (incomeYear ? toRaw(incomeYear.lines) : []);
  const [rows, setRows] = useState<RawLine[]>(() =>
    initialRows.length ? [...initialRows, blankLine("operating")] : [blankLine("operating"), blankLine("operating"), blankLine("operating_cost")],
  );
  const [carriedOver, setCarriedOver] = useState(actionData?.posted?.carriedOver ?? (incomeYear ? formatFenPlain(incomeYear.carriedOverFen) : ""));
  const totals = useMemo(() => liveTotals(rows, carriedOver), [rows, carriedOver]);
  const lineErrors = actionData?.lineErrors ?? {};
  const setField = (i: number, field: keyof RawLine, value: string) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
  const flaggedKeys = new Set(flagged);
  const version = incomeYear?.version ?? 0;
  return (
    <Form method="post" className="card" aria-labelledby="lines-h">
      <input type="hidden" name="version" value={version} />
      <h2 id="lines-h">
        {t("income.incomeLines")} / {t("income.expenseLines")}
      </h2>
      <div {...scrollRegion(t, `${t("income.incomeLines")} / ${t("income.expenseLines")}`)}>
        <table className="lines-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("income.kind")}</th>
              <th scope="col">{t("income.industry")}</th>
              <th scope="col">{t("income.description")}</th>
              <th scope="col">{t("income.amount")}</th>
              <th scope="col">{t("income.note")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const err = (f: string) => lineErrors[`${i}.${f}`];
              const id = (f: string) => `line-${i}-${f}`;
              const flagged = flaggedKeys.size > 0 && row.description && [...flaggedKeys].some((k) => k.endsWith(`:${row.description.replace(/\s+/g, "").toLowerCase()}`));
              return (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>
                    <label className="sr-only" htmlFor={id("kind")}>{`${i + 1} ${t("income.kind")}`}</label>
                    <select id={id("kind")} name="kind" value={row.kind} disabled={!editable} aria-invalid={err("kind") ? true : undefined} aria-describedby={err("kind") ? id("kind-error") : undefined} onChange={(e) => setField(i, "kind", e.target.value)}>
                      {ALL_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`kind.${k}`)}
                        </option>
                      ))}
                    </select>
                    {err("kind") ? <p className="field-error" id={id("kind-error")}>{pick(lang, err("kind")!)}</p> : null}
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={id("industry")}>{`${i + 1} ${t("income.industry")}`}</label>
                    <select id={id("industry")} name="industry" value={row.industry} disabled={!editable} aria-invalid={err("industry") ? true : undefined} aria-describedby={err("industry") ? id("industry-error") : undefined} onChange={(e) => setField(i, "industry", e.target.value)}>
                      <option value="">{t("income.noIndustry")}</option>
                      {industries.map((ind) => (
                        <option key={ind.id} value={ind.id}>
                          {lang === "en" ? ind.nameEn : ind.nameZh}
                        </option>
                      ))}
                    </select>
                    {err("industry") ? <p className="field-error" id={id("industry-error")}>{pick(lang, err("industry")!)}</p> : null}
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={id("description")}>{`${i + 1} ${t("income.description")}`}</label>
                    <input id={id("description")} type="text" name="description" value={row.description} readOnly={!editable} maxLength={200} aria-invalid={err("description") ? true : undefined} aria-describedby={err("description") ? id("description-error") : undefined} onChange={(e) => setField(i, "description", e.target.value)} />
                    {err("description") ? <p className="field-error" id={id("description-error")}>{pick(lang, err("description")!)}</p> : null}
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={id("amount")}>{`${i + 1} ${t("income.amount")}`}</label>
                    <input id={id("amount")} type="text" inputMode="decimal" name="amount" value={row.amount} readOnly={!editable} aria-invalid={err("amount") ? true : undefined} aria-describedby={err("amount") ? id("amount-error") : undefined} onChange={(e) => setField(i, "amount", e.target.value)} />
                    {err("amount") ? <p className="field-error" id={id("amount-error")}>{pick(lang, err("amount")!)}</p> : null}
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={id("note")}>{`${i + 1} ${t("income.note")}`}</label>
                    <input id={id("note")} type="text" name="note" value={row.note} readOnly={!editable} maxLength={500} aria-invalid={flagged && !row.note ? true : undefined} onChange={(e) => setField(i, "note", e.target.value)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editable ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setRows((rs) => [...rs, blankLine("operating")])}>
            {t("income.addLine")}
          </button>
        </div>
      ) : null}
      <div className="grid-2">
        <div className="field">
          <label htmlFor="carriedOver">{t("income.carriedOver")}</label>
          <input id="carriedOver" name="carriedOver" type="text" inputMode="decimal" value={carriedOver} readOnly={!editable} aria-invalid={lineErrors.carriedOver ? true : undefined} aria-describedby={lineErrors.carriedOver ? "carriedOver-error" : undefined} onChange={(e) => setCarriedOver(e.target.value)} />
          {lineErrors.carriedOver ? <p className="field-error" id="carriedOver-error">{pick(lang, lineErrors.carriedOver)}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="losses">{t("income.losses")}</label>
          <input id="losses" name="losses" type="text" inputMode="decimal" defaultValue={actionData?.posted?.losses ?? (incomeYear ? formatFenPlain(incomeYear.lossesToCoverFen) : "")} readOnly={!editable} aria-invalid={lineErrors.losses ? true : undefined} aria-describedby={lineErrors.losses ? "losses-error" : undefined} />
          {lineErrors.losses ? <p className="field-error" id="losses-error">{pick(lang, lineErrors.losses)}</p> : null}
        </div>
      </div>
      <h3>{t("income.totals")}</h3>
      <dl className="totals" aria-live="polite">
        <div>
          <dt>{t("income.operatingIncome")}</dt>
          <dd data-testid="total-operating">{money(totals.operatingIncomeFen, lang)}</dd>
          <WanNote fen={totals.operatingIncomeFen} />
        </div>
        <div>
          <dt>{t("income.expenses")}</dt>
          <dd>{money(totals.expensesFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("income.netOperatingIncome")}</dt>
          <dd data-testid="total-net">{money(totals.netOperatingIncomeFen, lang)}</dd>
          <WanNote fen={totals.netOperatingIncomeFen} />
        </div>
        <div>
          <dt>{t("income.subsidy")}</dt>
          <dd>{money(totals.subsidyFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("income.distributable")}</dt>
          <dd data-testid="total-distributable">{money(totals.distributableFen, lang)}</dd>
          <WanNote fen={totals.distributableFen} />
        </div>
      </dl>
      {editable ? (
        <div className="actions">
          <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
            {t("income.save")}
          </button>
        </div>
      ) : null}
    </Form>
  );
}

function ConflictView({ theirs, yours }: { theirs: NonNullable<ActionResult["conflict"]>; yours: RawLine[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="alert alert-error" role="alert" aria-labelledby="conflict-h">
      <h2 id="conflict-h">{t("income.conflictTitle")}</h2>
      <p>{t("income.conflictHelp")}</p>
      <div className="grid-2">
        <div>
          <h3>{t("income.conflictYours")}</h3>
          <ul>
            {yours.filter((l) => !isBlank(l)).map((l, i) => (
              <li key={i}>
                {t(`kind.${l.kind as LineKind}`)} · {l.description} · {l.amount}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>
            {t("income.conflictTheirs")} (v{theirs.version})
          </h3>
          <ul>
            {theirs.lines.map((l) => (
              <li key={l.id}>
                {t(`kind.${l.kind}`)} · {l.description} · {money(l.amountFen, lang)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
