/**
 * The plans a member may object to: during the notice a form (对分配方案提出异议, at most 1,000
 * characters, a counter as they type; it posts without JavaScript too), one open objection per
 * household and plan; the household's objections with the village's answers; after the notice,
 * that the period is over and where disputes go (Art. 56).
 */
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FormErrorsAlert, formProps, TextareaField, useFormReply } from "~/components/ui/forms";
import type { RunStatus } from "~/domain/distribution-lifecycle";
import { DISPUTES_ART_56, OBJECTION_MAX, type MemberObjection } from "~/domain/member-objection";
import { pick } from "~/i18n";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { replyForRun, type Reply } from "./objection-reply";

export type MemberNotice = {
  runId: number;
  year: number;
  status: RunStatus;
  noticeFrom: string | null;
  noticeTo: string | null;
  window: "before" | "open" | "ended" | "none";
  hasOpen: boolean;
  objections: { id: number; raisedOn: string; content: string; answer: string | null; answeredOn: string | null }[];
};

function ObjectionForm({ runId, householdId, lastResult }: { runId: number; householdId: number; lastResult: Reply }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useFormReply<MemberObjection>({ id: `objection-${runId}`, lastResult: replyForRun(lastResult, runId) });
  const [count, setCount] = useState(String(fields.content.initialValue ?? "").length);
  return (
    <Form method="post" {...formProps(form)}>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="objection" />
      <input type="hidden" name="householdId" value={householdId} />
      <input type="hidden" name="runId" value={runId} />
      <TextareaField
        meta={fields.content}
        label={t("me.objectionLabel")}
        hint={
          <>
            {t("me.objectionHint", { max: OBJECTION_MAX })}{" "}
            <span className={count > OBJECTION_MAX ? "field-error" : undefined} data-testid="counter">
              {t("me.counter", { n: count, max: OBJECTION_MAX })}
            </span>
          </>
        }
        rows={5}
        maxLength={OBJECTION_MAX}
        required
        onInput={(e) => setCount(e.currentTarget.value.length)}
      />
      <button type="submit" className="primary" disabled={busy}>
        {t("me.submit")}
      </button>
    </Form>
  );
}

export function NoticeObjections({
  notices,
  householdId,
  lastResult,
}: {
  notices: readonly MemberNotice[];
  householdId: number;
  lastResult: Reply;
}) {
  const t = useT();
  const lang = useLang();
  if (notices.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="notices-h">
      <h2 id="notices-h">{t("me.notices")}</h2>
      <p className="small muted">{t("me.noticesHelp")}</p>
      {notices.map((n) => (
        <article key={n.runId} id={`notice-${n.runId}`} className="stack me-notice" aria-labelledby={`notice-h-${n.runId}`}>
          <h3 id={`notice-h-${n.runId}`}>{t("me.noticeYear", { year: n.year })}</h3>
          {n.noticeFrom && n.noticeTo ? (
            <p className="small">{t("me.noticePeriod", { from: date(n.noticeFrom, lang), to: date(n.noticeTo, lang) })}</p>
          ) : null}
          {n.window === "open" ? (
            n.hasOpen ? (
              <p className="alert alert-warn">{t("me.hasOpen")}</p>
            ) : (
              <ObjectionForm runId={n.runId} householdId={householdId} lastResult={lastResult} />
            )
          ) : n.window === "before" ? (
            <p className="muted">{t("me.noticeBefore", { from: date(n.noticeFrom!, lang) })}</p>
          ) : n.window === "ended" ? (
            <div className="note" data-testid="disputes">
              <h4>{t("me.disputesTitle")}</h4>
              <p>{pick(lang, DISPUTES_ART_56)}</p>
            </div>
          ) : (
            <p className="muted">{t("me.notOnNotice")}</p>
          )}
          {n.objections.length ? (
            <>
              <h4>{t("me.yourObjections")}</h4>
              <ul className="objections">
                {n.objections.map((o) => (
                  <li key={o.id} className="card" data-testid="my-objection">
                    <p className="small muted">{t("me.raisedOn", { date: date(o.raisedOn, lang) })}</p>
                    <p className="pre-wrap">{o.content}</p>
                    {o.answer ? (
                      <p className="plain-words">
                        {t("me.answer", { answer: o.answer })}
                        <span className="small muted"> · {t("me.answeredOn", { date: date(o.answeredOn, lang) })}</span>
                      </p>
                    ) : (
                      <p className="small muted">{t("me.awaiting")}</p>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </article>
      ))}
    </section>
  );
}
