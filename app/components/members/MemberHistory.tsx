import { scrollRegion } from "~/components/ui/scroll-region";
import type { FieldChange } from "~/domain/members";
import { auditActionLabel } from "~/i18n/audit-labels";
import { memberFieldLabel, memberValueLabel } from "~/i18n/member-labels";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";

const DATES = new Set(["birthDate", "confirmedOn", "lostOn"]);

export type HistoryItem = { id: number; at: string; actorName: string; action: string; changes: FieldChange[] };

function formatTime(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

/** A person's history from the audit trail: who, when, what, and each field's change (masked as recorded). */
export function MemberHistory({ items }: { items: HistoryItem[] }) {
  const t = useT();
  const lang = useLang();
  const value = (field: FieldChange["field"], v: FieldChange["before"]) =>
    DATES.has(field) && typeof v === "string" ? date(v, lang) : memberValueLabel(t, field, v);
  if (items.length === 0) return <p className="muted">{t("members.historyNone")}</p>;
  return (
    <div {...scrollRegion(t, t("members.history"))}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("members.historyAt")}</th>
            <th scope="col">{t("members.historyWho")}</th>
            <th scope="col">{t("members.historyWhat")}</th>
            <th scope="col">{t("members.historyChanges")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((h) => (
            <tr key={h.id}>
              <th scope="row" className="nowrap">
                {formatTime(h.at, lang)}
              </th>
              <td>{h.actorName}</td>
              <td>{auditActionLabel(t, h.action).label}</td>
              <td className="small">
                {h.changes.length ? (
                  <ul className="member-changes">
                    {h.changes.map((c) => (
                      <li key={c.field}>
                        {memberFieldLabel(t, c.field)}
                        {t("punct.colon")}
                        {c.before === null ? "" : `${value(c.field, c.before)} → `}
                        {value(c.field, c.after)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
