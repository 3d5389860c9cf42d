import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { Pager } from "~/components/pager";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { AUDIT_FILTER_INVALID, auditFilterSchema, auditQueryOf, type AuditFilter } from "~/domain/audit-filter";
import { parseForm } from "~/domain/form";
import { auditActionLabel, auditEntityLabel } from "~/i18n/audit-labels";
import { useLang, useT } from "~/i18n/use-t";
import { listAudit } from "~/models/audit.server";
import { requireUser } from "~/services/auth.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.audit") }];

const PAGE_SIZE = 50;

/**
 * The audit trail for admins (all of it) and bureaus (the villages within their region),
 * filtered by village, user and dates, newest first, 50 a page. A bureau asking for a village
 * outside its region gets the same 403 as anywhere else. A filter that cannot be read (an
 * impossible date, a village code that is not 12 digits, control characters) is a 400 with its
 * message beside it; a bad page number reads as the first page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const filter = parseForm(new URL(request.url).searchParams, auditFilterSchema);
  const user = await requireUser(request, {
    role: ["admin", "bureau"],
    village: filter.status === "success" ? filter.value.village : undefined,
  });
  if (filter.status !== "success") {
    return data({ filter: filter.reply({ formErrors: [AUDIT_FILTER_INVALID] }), rows: [], page: 1, pages: 1, total: 0 }, { status: 400 });
  }
  const q = filter.value;
  const { rows, total } = await listAudit({
    db: await getDb(),
    grants: user.grants,
    filter: auditQueryOf(q),
    page: q.page,
    pageSize: PAGE_SIZE,
  });
  return {
    // the filters as given (a filter that reads clears the messages of the one before)
    filter: filter.reply(),
    rows: rows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      before: r.before == null ? null : JSON.stringify(r.before),
      after: r.after == null ? null : JSON.stringify(r.after),
    })),
    page: q.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
  };
}

function formatTime(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** what was done, in words; the code stays in the tooltip (and in view when it has no label yet) */
function AuditAction({ code }: { code: string }) {
  const t = useT();
  const { label, known } = auditActionLabel(t, code);
  return known ? (
    <span title={code}>{label}</span>
  ) : (
    <span>
      {label === code ? null : <>{label} </>}
      <code>{code}</code>
    </span>
  );
}

export default function Audit() {
  const { filter, rows, page, pages, total } = useLoaderData<typeof loader>();
  const [form, fields] = useFormReply<Omit<AuditFilter, "page">>({ id: "audit-filter", lastResult: filter });
  const t = useT();
  const lang = useLang();
  return (
    <section className="stack">
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters" {...formProps(form)}>
        <Field meta={fields.village} label={t("audit.village")} inputMode="numeric" maxLength={12} />
        <Field meta={fields.user} label={t("audit.user")} maxLength={60} autoCapitalize="none" />
        <Field meta={fields.from} label={t("audit.from")} type="date" />
        <Field meta={fields.to} label={t("audit.to")} type="date" />
        <button type="submit" className="button secondary">
          {t("audit.filter")}
        </button>
      </Form>
      <FormErrorsAlert form={form} />
      <p className="muted small">{t("audit.total", { total })}</p>
      {rows.length === 0 ? (
        <EmptyState title={t("audit.empty")}>{t("empty.audit.body")}</EmptyState>
      ) : (
        <div {...scrollRegion(t, t("audit.title"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.entity")}</th>
                <th scope="col">{t("audit.village")}</th>
                <th scope="col">{t("audit.changes")}</th>
                <th scope="col">{t("audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="nowrap">
                    {formatTime(r.at, lang)}
                  </th>
                  <td>{r.actorName}</td>
                  <td>
                    <AuditAction code={r.action} />
                  </td>
                  <td className="small">
                    <span title={r.entity}>{auditEntityLabel(t, r.entity)}</span> {r.entityId}
                  </td>
                  <td>{r.villageName ?? "—"}</td>
                  <td className="small change">
                    {r.before ? (
                      <div>
                        <span className="muted">
                          {t("audit.before")}
                          {t("punct.colon")}
                        </span>
                        <code>{r.before}</code>
                      </div>
                    ) : null}
                    {r.after ? (
                      <div>
                        <span className="muted">
                          {t("audit.after")}
                          {t("punct.colon")}
                        </span>
                        <code>{r.after}</code>
                      </div>
                    ) : null}
                  </td>
                  <td className="small">{r.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} />
    </section>
  );
}
