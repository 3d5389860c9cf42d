import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { type FieldErrorMap } from "~/components/registers/HouseholdFields";
import { MovementForm, ShareClassForms } from "~/components/registers/ShareForms";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { VillageNav } from "~/components/VillageNav";
import { zodFieldErrors } from "~/domain/household";
import { formatFenPlain } from "~/domain/money";
import { REGISTER_MESSAGES, movementFormSchema, shareClassEditSchema, shareClassFormSchema, sharesQuery } from "~/domain/register-forms";
import { mayAct } from "~/domain/scope";
import { SHARE_CLASS_LABELS, formatShares, sharesFromNumeric, type Movement } from "~/domain/shares";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { createShareClass, householdIdsByCode, listHoldersPage, updateShareClass } from "~/models/share-register.server";
import { appendMovement, listLedger, listShareClasses, shareTotals } from "~/models/shares.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/utils/auth.server";
import { parseQuery } from "~/utils/query.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { EmptyState } from "~/components/ui/EmptyState";
import { ExportLink } from "~/components/ui/ExportLink";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";
import { date as formatDate } from "~/i18n/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.shares", undefined, data?.village.name) }];

const PAGE_SIZE = 50;
const shares = (numeric: string) => formatShares(sharesFromNumeric(numeric));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const query = await parseQuery(request, sharesQuery(today));
  const db = await getDb();
  const villageCode = place.code;
  const [village, classes, totals, holders, ledger] = await Promise.all([
    getVillageIdentity({ db, code: villageCode }),
    listShareClasses({ db, villageCode }),
    shareTotals({ db, villageCode, date: query.date }),
    listHoldersPage({ db, villageCode, date: query.date, page: query.hpage, pageSize: PAGE_SIZE }),
    listLedger({ db, villageCode, page: query.lpage, pageSize: PAGE_SIZE }),
  ]);
  return {
    village: { code: village!.code, name: village!.name },
    date: query.date,
    today,
    classes: classes.map((c) => ({ ...c, unitValue: formatFenPlain(c.unitValueFen), total: shares(totals.byClass.find((b) => b.shareClassId === c.id)?.total ?? "0") })),
    holderCount: totals.holders,
    holders: { ...holders, rows: holders.rows.map((r) => ({ ...r, holdings: Object.fromEntries(Object.entries(r.holdings).map(([k, v]) => [k, shares(v)])) })) },
    ledger: { ...ledger, rows: ledger.rows.map((r) => ({ ...r, quantity: shares(r.quantity) })) },
    canEdit: mayAct(user.grants, "secretary", [place]),
  };
}

type ActionData = { intent: string; errors: FieldErrorMap; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const form = await request.formData();
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const intent = values.intent ?? "";
  const db = await getDb();
  const villageCode = village.code;
  const actor = actorOf(user);
  const today = todayInChina();
  const bad = (errors: FieldErrorMap, status = 400) => data<ActionData>({ intent, errors, values }, { status });
  const back = `/villages/${villageCode}/shares`;

  if (intent === "class") {
    const parsed = shareClassFormSchema.safeParse(values);
    if (!parsed.success) return bad(zodFieldErrors(parsed.error, REGISTER_MESSAGES).fieldErrors);
    const { kind, name, unitValue } = parsed.data;
    const result = await createShareClass({ db, villageCode, input: { kind, name: name || SHARE_CLASS_LABELS[kind].zh, unitValueFen: unitValue }, actor });
    if (!result.ok) return bad({ kind: result.error }, result.status);
    return redirect(`${back}?saved=class`);
  }
  if (intent === "classEdit") {
    const parsed = shareClassEditSchema.safeParse(values);
    if (!parsed.success) return bad(zodFieldErrors(parsed.error, REGISTER_MESSAGES).fieldErrors);
    const result = await updateShareClass({ db, villageCode, id: parsed.data.id, input: { name: parsed.data.name, unitValueFen: parsed.data.unitValue }, actor });
    if (!result.ok) return bad({ _form: result.error }, result.status);
    return redirect(`${back}?saved=class`);
  }
  if (intent === "movement") {
    const parsed = movementFormSchema({ today }).safeParse(values);
    if (!parsed.success) return bad(zodFieldErrors(parsed.error, REGISTER_MESSAGES).fieldErrors);
    const m = parsed.data;
    const ids = await householdIdsByCode({ db, villageCode, codes: [m.householdCode, m.counterpartyCode].filter(Boolean) });
    const unknown = (code: string) => ({ zh: `本村没有户号 ${code}`, en: `No household ${code} in this village` });
    const from = ids.get(m.householdCode);
    if (from === undefined) return bad({ householdCode: unknown(m.householdCode) });
    const common = { shareClassId: m.shareClassId, quantity: m.quantity, effectiveOn: m.effectiveOn, approvedOn: m.approvedOn, approvedBy: m.approvedBy, note: m.note || null };
    let movement: Movement<number, number>;
    if (m.type === "transfer") {
      const to = ids.get(m.counterpartyCode);
      if (to === undefined) return bad({ counterpartyCode: unknown(m.counterpartyCode) });
      movement = { ...common, type: "transfer", fromHouseholdId: from, toHouseholdId: to };
    } else {
      movement = { ...common, type: m.type, householdId: from };
    }
    const result = await appendMovement({ db, villageCode, movement, actor, today });
    if (!result.ok) return bad({ _form: result.error }, result.status);
    return redirect(`${back}?saved=movement`);
  }
  return bad({ _form: { zh: "请求无效", en: "Invalid request" } });
}

export default function ShareRegister() {
  const { village, date, today, classes, holderCount, holders, ledger, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const base = `/villages/${village.code}/shares`;
  const className = (c: { kind: keyof typeof SHARE_CLASS_LABELS; name: string }) => (lang === "en" ? SHARE_CLASS_LABELS[c.kind].en : c.name);

  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <header className="title-row">
        <h1>{t("registers.shares.title")}</h1>
        <p className="actions no-print">
          {canEdit ? (
            <Link className="button secondary" to={`${base}/import`}>
              {t("registers.import")}
            </Link>
          ) : null}
          <ExportLink className="button secondary" href={`${base}/export?what=ledger&format=csv`}>
            {t("registers.exportLedgerCsv")}
          </ExportLink>
          <ExportLink className="button secondary" href={`${base}/export?what=ledger&format=xlsx`}>
            {t("registers.exportLedgerXlsx")}
          </ExportLink>
        </p>
      </header>
      {saved && !actionData ? (
        <Toast>{saved === "imported" ? t("registers.imported", { n: params.get("n") ?? "" }) : t("registers.saved")}</Toast>
      ) : null}
      {actionData?.errors._form && actionData.intent !== "movement" ? (
        <p className="alert alert-error" role="alert">
          {pick(lang, actionData.errors._form)}
        </p>
      ) : null}

      <section className="card" aria-labelledby="classes-h">
        <h2 id="classes-h">{t("registers.classes")}</h2>
        {classes.length === 0 ? <p className="muted">{t("registers.noClasses")}</p> : null}
        <ShareClassForms classes={classes.map((c) => ({ ...c, label: className(c) }))} canEdit={canEdit} busy={busy} actionData={actionData} />
      </section>

      <section className="card" aria-labelledby="holdings-h">
        <h2 id="holdings-h">{t("registers.holdingsOn", { date })}</h2>
        <Form method="get" className="inline-form no-print">
          <div className="field">
            <label htmlFor="date">{t("registers.asOf")}</label>
            <input id="date" name="date" type="date" max={today} defaultValue={date} />
          </div>
          <button type="submit" className="secondary">
            {t("registers.show")}
          </button>
          <ExportLink className="button secondary" href={`${base}/export?what=holdings&format=xlsx&date=${date}`}>
            {t("registers.exportHoldings")}
          </ExportLink>
        </Form>
        <p className="muted small">{t("registers.holderCount", { n: holderCount })}</p>
        {holders.rows.length === 0 ? (
          <EmptyState
            title={t("registers.noHolders")}
            action={
              canEdit ? (
                <>
                  <a className="button primary" href="#movement-h">
                    {t("registers.movement")}
                  </a>
                  <Link className="button secondary" to={`${base}/import`}>
                    {t("empty.importAction")}
                  </Link>
                </>
              ) : null
            }
          >
            {canEdit ? t("empty.shares.body") : t("empty.shares.readOnly")}
          </EmptyState>
        ) : (
          <div {...scrollRegion(t, t("registers.holdingsNow"))}>
            <table className="register-table">
              <thead>
                <tr>
                  <th scope="col">{t("registers.code")}</th>
                  <th scope="col">{t("registers.headName")}</th>
                  {classes.map((c) => (
                    <th key={c.id} scope="col" className="num">
                      {className(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {holders.rows.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">
                      <Link to={`/villages/${village.code}/households/${encodeURIComponent(h.code)}`}>{h.code}</Link>
                    </th>
                    <td>{h.headName}</td>
                    {classes.map((c) => (
                      <td key={c.id} className="num">
                        {(h.holdings as Record<string, string>)[String(c.id)] ?? "0"}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <RegisterPager param="hpage" page={holders.page} total={holders.total} pageSize={holders.pageSize} label={t("registers.holdingsOn", { date })} />
      </section>

      {canEdit ? (
        <section className="card" aria-labelledby="movement-h">
          <h2 id="movement-h" tabIndex={-1}>{t("registers.movement")}</h2>
          {actionData?.intent === "movement" && actionData.errors._form ? (
            <p className="alert alert-error" role="alert">
              {pick(lang, actionData.errors._form)}
            </p>
          ) : null}
          <MovementForm classes={classes.map((c) => ({ id: c.id, label: className(c) }))} today={today} busy={busy} actionData={actionData} />
        </section>
      ) : (
        <p className="muted small">{t("registers.readOnly")}</p>
      )}

      <section className="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">{t("registers.ledger")}</h2>
        <p className="muted small">{t("registers.ledgerHelp", { n: ledger.total })}</p>
        {ledger.rows.length === 0 ? (
          <EmptyState title={t("registers.noLedger")}>{t("empty.ledger.body")}</EmptyState>
        ) : (
          <div {...scrollRegion(t, t("registers.ledger"))}>
            <table className="register-table">
              <thead>
                <tr>
                  <th scope="col">{t("registers.effectiveOn")}</th>
                  <th scope="col">{t("registers.code")}</th>
                  <th scope="col">{t("registers.headName")}</th>
                  <th scope="col">{t("registers.class")}</th>
                  <th scope="col">{t("registers.entryType")}</th>
                  <th scope="col" className="num">
                    {t("registers.quantity")}
                  </th>
                  <th scope="col">{t("registers.counterparty")}</th>
                  <th scope="col">{t("registers.approved")}</th>
                  <th scope="col">{t("registers.note")}</th>
                </tr>
              </thead>
              <tbody>
                {ledger.rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className="nowrap">
                      {formatDate(r.effectiveOn, lang)}
                    </th>
                    <td>{r.householdCode}</td>
                    <td>{r.headName}</td>
                    <td>{r.shareClassName}</td>
                    <td>{t(`registers.entry.${r.entryType}`)}</td>
                    <td className="num">{r.quantity}</td>
                    <td>{r.counterpartyCode ?? "—"}</td>
                    <td className="small">
                      {r.approvedBy}
                      {t("punct.paren", { text: r.approvedOn })}
                    </td>
                    <td className="small wrap">{r.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <RegisterPager param="lpage" page={ledger.page} total={ledger.total} pageSize={ledger.pageSize} label={t("registers.ledger")} />
      </section>
    </div>
  );
}
