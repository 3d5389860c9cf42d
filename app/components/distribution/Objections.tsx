/**
 * The steps while a run is on notice (公示中): the objections raised and their answers, a new
 * objection, and the secretary's approval, the town's confirmation or withdrawing the notice.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormErrorsAlert, formProps, TextareaField, useFormReply } from "~/components/ui/forms";
import type { DistributionStep } from "~/domain/distribution-form";
import { useT } from "~/i18n/use-t";
import { replyForAnswer, type Reply, type StepForms } from "./step-replies";

type Objection = {
  id: number;
  householdCode: string | null;
  raisedBy: string;
  raisedOn: string;
  content: string;
  answer: string | null;
  answeredOn: string | null;
  /** raised by the household's member on /me */
  online: boolean;
};
export type RunOnNotice = {
  version: number;
  noticeTo: string | null;
  noticeEnded: boolean;
  approvedBySecretary: string | null;
  objections: Objection[];
};

type Answer = Extract<DistributionStep, { intent: "answer" }>;
type NewObjection = Extract<DistributionStep, { intent: "objection" }>;

/** one objection's answer form: its own id, so a refused answer marks this objection's textarea only */
function AnswerForm({ objectionId, lastResult, busy }: { objectionId: number; lastResult: Reply; busy: boolean }) {
  const t = useT();
  const [form, fields] = useFormReply<Answer>({ id: `answer-${objectionId}`, lastResult: replyForAnswer(lastResult, objectionId) });
  return (
    <Form method="post" {...formProps(form)}>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="objectionId" value={objectionId} />
      <TextareaField meta={fields.answer} label={t("dist.answer")} rows={2} required />
      <button type="submit" className="secondary" disabled={busy}>
        {t("dist.answerButton")}
      </button>
    </Form>
  );
}

export function NoticeSteps({
  run,
  forms,
  capacity,
  userId,
  today,
  lastResult,
  busy,
  version,
}: {
  run: RunOnNotice;
  forms: StepForms;
  capacity: { canWrite: boolean; canConfirm: boolean };
  userId: string;
  today: string;
  lastResult: Reply;
  busy: boolean;
  /** the run's version, as a hidden input */
  version: ReactNode;
}) {
  const t = useT();
  const [objectionForm, objection] = useFormReply<NewObjection>({
    id: "dist-objection",
    lastResult,
    intent: "objection",
    defaultValue: { raisedOn: today },
  });
  return (
    <section className="card stack" aria-labelledby="obj-h">
      <h2 id="obj-h">{t("dist.objections")}</h2>
      {!run.noticeEnded ? <p className="alert alert-warn">{t("dist.noticeRunning", { to: run.noticeTo ?? "" })}</p> : null}
      {run.objections.length === 0 ? <p className="muted">{t("dist.noObjections")}</p> : null}
      <ul className="objections">
        {run.objections.map((o) => (
          <li key={o.id} className="card">
            <p>
              <strong>{o.raisedBy}</strong>
              {o.householdCode ? t("punct.paren", { text: o.householdCode }) : ""} · {o.raisedOn}
              {o.online ? (
                <>
                  {" "}
                  <span className="badge badge-submitted" data-testid="online">
                    {t("dist.online")}
                  </span>
                </>
              ) : null}
            </p>
            <p>{o.content}</p>
            {o.answer ? (
              <p className="small">
                <strong>{t("dist.answer")}</strong>
                {t("punct.paren", { text: o.answeredOn ?? "" })}
                {t("punct.colon")}
                {o.answer}
              </p>
            ) : forms.answerable.includes(o.id) ? (
              <AnswerForm objectionId={o.id} lastResult={lastResult} busy={busy} />
            ) : (
              <p className="small muted">{t("dist.unanswered")}</p>
            )}
          </li>
        ))}
      </ul>
      {forms.objection ? (
        // open while the form is being answered (a refused submit, then conform's checks as it is corrected)
        <details open={lastResult?.initialValue?.intent === "objection" || undefined}>
          <summary>{t("dist.addObjection")}</summary>
          <Form method="post" className="grid-2" {...formProps(objectionForm)}>
            <FormErrorsAlert form={objectionForm} />
            <input type="hidden" name="intent" value="objection" />
            <Field meta={objection.raisedBy} label={t("dist.raisedBy")} required />
            <Field meta={objection.householdCode} label={t("dist.householdCode")} />
            <Field meta={objection.raisedOn} label={t("dist.raisedOn")} type="date" required />
            <TextareaField meta={objection.content} label={t("dist.objectionContent")} rows={3} required />
            <div className="actions">
              <button type="submit" className="secondary" disabled={busy}>
                {t("dist.addObjectionButton")}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
      {/* buttons only: a refusal of these is shown above the steps */}
      <div className="actions">
        {capacity.canWrite && !run.approvedBySecretary ? (
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            {version}
            <button type="submit" className="primary" disabled={busy || !run.noticeEnded}>
              {t("dist.approveButton")}
            </button>
          </Form>
        ) : null}
        {capacity.canConfirm && run.approvedBySecretary ? (
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            {version}
            <button type="submit" className="primary" disabled={busy || run.approvedBySecretary === userId}>
              {t("dist.confirmButton")}
            </button>
          </Form>
        ) : null}
        {run.approvedBySecretary && !capacity.canConfirm ? <p className="muted">{t("dist.awaitingTown")}</p> : null}
        {capacity.canWrite ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            {version}
            <button type="submit" className="danger" disabled={busy}>
              {t("dist.withdrawButton")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
