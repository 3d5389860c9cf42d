import { EmptyState } from "~/components/ui/EmptyState";
import { scrollRegion } from "~/components/ui/scroll-region";
import { useLang, useT } from "~/i18n/use-t";
import { formatTime } from "./FailedMessages";
import { outboxErrorText } from "./robot-error";

export type TextRow = {
  id: number;
  createdAt: string;
  householdCode: string;
  /** masked: 138****5678 */
  phone: string;
  template: "notice" | "handout" | null;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
};

/** The latest texts to households: which household, the number masked, which text, how it went. */
export function TextMessages({ texts, enabled }: { texts: readonly TextRow[]; enabled: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p className="muted">{t("sms.intro")}</p>
      {enabled ? null : <p className="alert alert-warn">{t("sms.off")}</p>}
      {texts.length === 0 ? (
        <EmptyState>{t("sms.none")}</EmptyState>
      ) : (
        <div {...scrollRegion(t, t("sms.title"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notify.createdAt")}</th>
                <th scope="col">{t("sms.household")}</th>
                <th scope="col">{t("sms.phone")}</th>
                <th scope="col">{t("sms.message")}</th>
                <th scope="col">{t("sms.status")}</th>
                <th scope="col">{t("notify.lastError")}</th>
              </tr>
            </thead>
            <tbody>
              {texts.map((m) => (
                <tr key={m.id}>
                  <td>{formatTime(m.createdAt, lang)}</td>
                  <td>{m.householdCode}</td>
                  <td>{m.phone}</td>
                  <td>{m.template ? t(`sms.template.${m.template}`) : ""}</td>
                  <td>{t(`sms.status.${m.status}`)}</td>
                  <td className="small">{m.status === "sent" ? "" : outboxErrorText(t, "sms", m.lastErrorCode, m.lastError)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
