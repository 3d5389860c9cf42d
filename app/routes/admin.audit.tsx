import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { Pager } from "~/components/pager";
import { translator } from "~/i18n";
import { auditActionLabel, auditEntityLabel } from "~/i18n/audit-labels";
import { useLang, useT } from "~/i18n/use-t";
import { listAudit } from "~/models/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getLang } from "~/utils/lang.server";
import { readQuery } from "~/utils/query.server";
import { isoDate, page, regionCode, searchQuery } from "~/domain/input";
import { EmptyState } from "~/components/ui/EmptyState";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.audit") }];

const PAGE_SIZE = 50;
const Query = z.object({
  village: regionCode().optional(),
  user: searchQuery(60),
  from: isoDate().optional(),
  to: isoDate().optional(),
  page: page(),
});

// days are China's days (UTC+8, no summer time)
const startOfDay = (d: string) => new Date(`${d}T00:00:00+08:00`);
const endOfDay = (d: string) => new Date(startOfDay(d).getTime() + 24 * 60 * 60_000);

/**
 * The audit trail for admins (all of it) and bureaus (the villages within their region),
 * filtered by village, user and dates, newest first, 50 a page. A bureau asking for a village
 * outside its region gets the same 403 as anywhere else.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = readQuery(request, Query);
  const user = await requireUser(request, {
    role: ["admin", "bureau"],
    village: parsed.ok ? parsed.value.village : undefined,
  });
  const values = { village: search.village ?? "", user: search.user ?? "", from: search.from ?? "", to: search.to ?? "" };
  if (!parsed.ok) {
    const t = translator(await getLang(request));
    return data({ values, error: t("audit.invalidFilter"), rows: [], page: 1, pages: 1, total: 0 }, { status: 400 });
  }
  const q = parsed.value;
  const { rows, total } = await listAudit({
    db: await getDb(),
    grants: user.grants,
    filter: {
      villageCode: q.village,
      actor: q.user?.toLowerCase(),
      from: q.from ? startOfDay(q.from) : undefined,
      to: q.to ? endOfDay(q.to) : undefined,
    },
    page: q.page,
    pageSize: PAGE_SIZE,
  });
  return {
    values,
    error: null as string | null,
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

type AuditPage = {
  values: Record<"village" | "user" | "from" | "to", string>;
  error: string | null;
  rows: {
    id: number;
    at: string;
    actorName: string;
    action: string;
    entity: string;
    entityId: string;
    villageName: string | null;
    before: string | null;
    after: string | null;
    ip: string | null;
  }[];
  page: number;
  pages: number;
  total: number;
};

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
  const { values, error, rows, page, pages, total } = useLoaderData() as AuditPage;
  const t = useT();
  const lang = useLang();
  return (
    <section className="stack">
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="village">{t("audit.village")}</label>
          <input type="text" id="village" name="village" inputMode="numeric" maxLength={12} defaultValue={values.village} />
        </div>
        <div className="field">
          <label htmlFor="user">{t("audit.user")}</label>
          <input type="text" id="user" name="user" maxLength={60} autoCapitalize="none" defaultValue={values.user} />
        </div>
        <div className="field">
          <label htmlFor="from">{t("audit.from")}</label>
          <input id="from" name="from" type="date" defaultValue={values.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("audit.to")}</label>
          <input id="to" name="to" type="date" defaultValue={values.to} />
        </div>
        <button type="submit" className="button secondary">
          {t("audit.filter")}
        </button>
      </Form>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
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
                        <span className="muted">{t("audit.before")}{t("punct.colon")}</span>
                        <code>{r.before}</code>
                      </div>
                    ) : null}
                    {r.after ? (
                      <div>
                        <span className="muted">{t("audit.after")}{t("punct.colon")}</span>
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
