import { Form } from "@remix-run/react";
import { EmptyState } from "~/components/ui/EmptyState";
import { scrollRegion } from "~/components/ui/scroll-region";
import { useLang, useT } from "~/i18n/use-t";
import { outboxErrorText } from "./robot-error";

export type FailedRow = {
  id: number;
  channel: "robot" | "sms";
  createdAt: string;
  /** a robot's group */
  targetName: string;
  title: string;
  /** a text's household and number (masked) */
  householdCode: string;
  phone: string;
  template: "notice" | "handout" | null;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
};

export function formatTime(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "short",
    timeStyle: "short",
    hour12: false,
  }).format(new Date(iso));
}

/** Messages the outbox gave up on (robots' and texts'), each with a button to put it back in the queue. */
export function FailedMessages({ failed, busy }: { failed: readonly FailedRow[]; busy: boolean }) {
  const t = useT();
  const lang = useLang();
  if (failed.length === 0) return <EmptyState>{t("empty.failed")}</EmptyState>;
  return (
    <div {...scrollRegion(t, t("notify.failed"))}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("notify.createdAt")}</th>
            <th scope="col">{t("notify.name")}</th>
            <th scope="col">{t("notify.message")}</th>
            <th scope="col">{t("notify.attempts")}</th>
            <th scope="col">{t("notify.lastError")}</th>
            <th scope="col">
              <span className="sr-only">{t("table.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {failed.map((m) => (
            <tr key={m.id}>
              <td>{formatTime(m.createdAt, lang)}</td>
              <td>{m.channel === "sms" ? `${t("sms.channel")} · ${m.householdCode} · ${m.phone}` : m.targetName}</td>
              <td>{m.channel === "sms" ? (m.template ? t(`sms.template.${m.template}`) : "") : m.title}</td>
              <td>{m.attempts}</td>
              <td className="small">{outboxErrorText(t, m.channel, m.lastErrorCode, m.lastError)}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="id" value={m.id} />
                  <button type="submit" name="intent" value="resend" className="button secondary" disabled={busy}>
                    {t("notify.resend")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
