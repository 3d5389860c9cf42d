import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { MovementForm, ShareClassForms } from "~/components/registers/ShareForms";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { answersIntent, useFormAnswer } from "~/components/registers/use-form-answer";
import { VillageNav } from "~/components/VillageNav";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { parseForm } from "~/domain/form";
import { formatFenPlain } from "~/domain/money";
import { sharesFormSchema, sharesQuery, type SharesForm } from "~/domain/register-forms";
import { mayAct } from "~/domain/scope";
import { SHARE_CLASS_LABELS, formatShares, sharesFromNumeric } from "~/domain/shares";
import { useLang, useT } from "~/i18n/use-t";
import { listHoldersPage, saveSharesForm } from "~/models/share-register.server";
import { listLedger, listShareClasses, shareTotals } from "~/models/shares.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.shares", undefined, data?.village.name) },
];

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
    classes: classes.map((c) => ({
      ...c,
      unitValue: formatFenPlain(c.unitValueFen),
      total: shares(totals.byClass.find((b) => b.shareClassId === c.id)?.total ?? "0"),
    })),
    holderCount: totals.holders,
    holders: {
      ...holders,
      rows: holders.rows.map((r) => ({ ...r, holdings: Object.fromEntries(Object.entries(r.holdings).map(([k, v]) => [k, shares(v)])) })),
    },
    ledger: { ...ledger, rows: ledger.rows.map((r) => ({ ...r, quantity: shares(r.quantity) })) },
    canEdit: mayAct(user.grants, "secretary", [place]),
  };
}

/** A new share class (intent=class), a class's name and value (classEdit), or a movement of shares (movement). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const today = todayInChina();
  const submission = parseForm(await request.formData(), sharesFormSchema({ today }));
  if (submission.status !== "success") return replyInvalid(submission);
  const form = submission.value;
  const result = await saveSharesForm({ db: await getDb(), villageCode: village.code, form, actor: actorOf(user), today });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/villages/${village.code}/shares?saved=${form.intent === "movement" ? "movement" : "class"}`);
}

const INTENTS: SharesForm["intent"][] = ["class", "classEdit", "movement"];

export default function ShareRegister() {
  const { village, date, today, classes, holderCount, holders, ledger, canEdit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // a request no form sends (a bad intent) answers the whole page
  const [pageForm] = useFormReply<{ intent: string }>({
    id: "shares",
    lastResult: useFormAnswer(lastResult, (a) => !answersIntent(...INTENTS)(a)),
  });
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const base = `/villages/${village.code}/shares`;
  const className = (c: { kind: keyof typeof SHARE_CLASS_LABELS; name: string }) =>
    lang === "en" ? SHARE_CLASS_LABELS[c.kind].en : c.name;

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
      {saved && !lastResult ? (
        <Toast>{saved === "imported" ? t("registers.imported", { n: params.get("n") ?? "" }) : t("registers.saved")}</Toast>
      ) : null}
      <FormErrorsAlert form={pageForm} />

      <section className="card" aria-labelledby="classes-h">
        <h2 id="classes-h">{t("registers.classes")}</h2>
        {classes.length === 0 ? <p className="muted">{t("registers.noClasses")}</p> : null}
        <ShareClassForms
          classes={classes.map((c) => ({ ...c, label: className(c) }))}
          canEdit={canEdit}
          busy={busy}
          lastResult={lastResult}
        />
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
        <RegisterPager
          param="hpage"
          page={holders.page}
          total={holders.total}
          pageSize={holders.pageSize}
          label={t("registers.holdingsOn", { date })}
        />
      </section>

      {canEdit ? (
        <section className="card" aria-labelledby="movement-h">
          <h2 id="movement-h" tabIndex={-1}>
            {t("registers.movement")}
          </h2>
          <MovementForm
            classes={classes.map((c) => ({ id: c.id, label: className(c) }))}
            today={today}
            busy={busy}
            lastResult={lastResult}
          />
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
