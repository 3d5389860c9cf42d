/** The forms for a run's next steps, shown to whoever may take them. */
import { Form, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { errorAria, FieldError, TextField } from "~/components/ui/Field";
import type { Message } from "~/i18n/message";

/** a refused step: its intent, the message, the fields' messages; for "answer", which objection was answered */
export type StepActionData = { intent: string; error?: Message; fieldErrors?: Partial<Record<string, Message>>; objectionId?: number };

type Objection = { id: number; householdCode: string | null; raisedBy: string; raisedOn: string; content: string; answer: string | null; answeredOn: string | null };
type RunForSteps = {
  status: "draft" | "notice" | "approved" | "handed_out" | "reversed";
  version: number;
  recordDate: string;
  noticeTo: string | null;
  noticeEnded: boolean;
  approvedBySecretary: string | null;
  rule: { noticeDays: number } | null;
  objections: Objection[];
  counts: { pending: number };
};

/** a step's input: id `f-<name>`, its error `f-<name>-error` */
function Field({ name, label, type = "text", defaultValue, errors, required = true }: { name: string; label: string; type?: string; defaultValue?: string; errors?: StepActionData["fieldErrors"]; required?: boolean }) {
  return <TextField id={`f-${name}`} name={name} label={label} type={type} defaultValue={defaultValue} required={required} error={errors?.[name]} />;
}

export function RunSteps({
  run,
  capacity,
  userId,
  today,
  suggestedNoticeTo,
  canDraft,
  actionData,
}: {
  run: RunForSteps | null;
  capacity: { canWrite: boolean; canConfirm: boolean };
  userId: string;
  today: string;
  suggestedNoticeTo: string;
  canDraft: boolean;
  actionData?: StepActionData;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : undefined);
  /** the answer's error, on the one objection that was answered */
  const answerError = (objectionId: number) => (actionData?.objectionId === objectionId ? errorsFor("answer")?.answer : undefined);
  const version = <input type="hidden" name="version" value={run?.version ?? 0} />;
  const status = run?.status;

  return (
    <div className="stack no-print">
      {capacity.canWrite && canDraft && (!run || status === "draft") ? (
        <section className="card" aria-labelledby="draft-h">
          <h2 id="draft-h">{run ? t("dist.redraft") : t("dist.draft")}</h2>
          <p className="small muted">{t("dist.draftHelp")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="draft" />
            <Field name="recordDate" label={t("dist.recordDate")} type="date" defaultValue={run?.recordDate ?? today} errors={errorsFor("draft")} />
            <button type="submit" className="primary" disabled={busy}>{run ? t("dist.redraftButton") : t("dist.draftButton")}</button>
          </Form>
        </section>
      ) : null}

      {capacity.canWrite && status === "draft" ? (
        <section className="card" aria-labelledby="notice-h">
          <h2 id="notice-h">{t("dist.startNotice")}</h2>
          <p className="small muted">{t("dist.noticeHelp", { days: run!.rule?.noticeDays ?? 7 })}</p>
          <Form method="post" className="grid-2">
            <input type="hidden" name="intent" value="notice" />
            {version}
            <Field name="noticeFrom" label={t("dist.noticeFrom")} type="date" defaultValue={today} errors={errorsFor("notice")} />
            <Field name="noticeTo" label={t("dist.noticeTo")} type="date" defaultValue={suggestedNoticeTo} errors={errorsFor("notice")} />
            <div className="actions"><button type="submit" className="primary" disabled={busy}>{t("dist.startNoticeButton")}</button></div>
          </Form>
        </section>
      ) : null}

      {status === "notice" ? (
        <section className="card stack" aria-labelledby="obj-h">
          <h2 id="obj-h">{t("dist.objections")}</h2>
          {!run!.noticeEnded ? <p className="alert alert-warn">{t("dist.noticeRunning", { to: run!.noticeTo ?? "" })}</p> : null}
          {run!.objections.length === 0 ? <p className="muted">{t("dist.noObjections")}</p> : null}
          <ul className="objections">
            {run!.objections.map((o) => (
              <li key={o.id} className="card">
                <p><strong>{o.raisedBy}</strong>{o.householdCode ? t("punct.paren", { text: o.householdCode }) : ""} · {o.raisedOn}</p>
                <p>{o.content}</p>
                {o.answer ? (
                  <p className="small"><strong>{t("dist.answer")}</strong>{t("punct.paren", { text: o.answeredOn ?? "" })}{t("punct.colon")}{o.answer}</p>
                ) : capacity.canWrite ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="answer" />
                    <input type="hidden" name="objectionId" value={o.id} />
                    <div className="field">
                      <label htmlFor={`answer-${o.id}`}>{t("dist.answer")}</label>
                      <textarea id={`answer-${o.id}`} name="answer" required rows={2} {...errorAria(`answer-${o.id}`, answerError(o.id))} />
                      <FieldError fieldId={`answer-${o.id}`} error={answerError(o.id)} />
                    </div>
                    <button type="submit" className="secondary" disabled={busy}>{t("dist.answerButton")}</button>
                  </Form>
                ) : (
                  <p className="small muted">{t("dist.unanswered")}</p>
                )}
              </li>
            ))}
          </ul>
          {capacity.canWrite ? (
            <details>
              <summary>{t("dist.addObjection")}</summary>
              <Form method="post" className="grid-2">
                <input type="hidden" name="intent" value="objection" />
                <Field name="raisedBy" label={t("dist.raisedBy")} errors={errorsFor("objection")} />
                <Field name="householdCode" label={t("dist.householdCode")} required={false} errors={errorsFor("objection")} />
                <Field name="raisedOn" label={t("dist.raisedOn")} type="date" defaultValue={today} errors={errorsFor("objection")} />
                <div className="field">
                  <label htmlFor="f-content">{t("dist.objectionContent")}</label>
                  <textarea id="f-content" name="content" required rows={3} {...errorAria("f-content", errorsFor("objection")?.content)} />
                  <FieldError fieldId="f-content" error={errorsFor("objection")?.content} />
                </div>
                <div className="actions"><button type="submit" className="secondary" disabled={busy}>{t("dist.addObjectionButton")}</button></div>
              </Form>
            </details>
          ) : null}
          <div className="actions">
            {capacity.canWrite && !run!.approvedBySecretary ? (
              <Form method="post">
                <input type="hidden" name="intent" value="approve" />
                {version}
                <button type="submit" className="primary" disabled={busy || !run!.noticeEnded}>{t("dist.approveButton")}</button>
              </Form>
            ) : null}
            {capacity.canConfirm && run!.approvedBySecretary ? (
              <Form method="post">
                <input type="hidden" name="intent" value="confirm" />
                {version}
                <button type="submit" className="primary" disabled={busy || run!.approvedBySecretary === userId}>{t("dist.confirmButton")}</button>
              </Form>
            ) : null}
            {run!.approvedBySecretary && !capacity.canConfirm ? <p className="muted">{t("dist.awaitingTown")}</p> : null}
            {capacity.canWrite ? (
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw" />
                {version}
                <button type="submit" className="danger" disabled={busy}>{t("dist.withdrawButton")}</button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}

      {capacity.canWrite && (status === "approved" || status === "handed_out") ? (
        <>
          <section className="card" aria-labelledby="handout-h">
            <h2 id="handout-h">{t("dist.handout")}</h2>
            <p className="small muted">{t("dist.handoutHelp", { pending: run!.counts.pending })}</p>
            <Form method="post" id="handout-form" className="grid-2">
              <input type="hidden" name="intent" value="handout" />
              <div className="field">
                <label htmlFor="f-handout">{t("dist.handoutStatus")}</label>
                <select id="f-handout" name="handout" defaultValue="collected">
                  <option value="collected">{t("dist.handout.collected")}</option>
                  <option value="paid">{t("dist.handout.paid")}</option>
                  <option value="pending">{t("dist.handout.pending")}</option>
                </select>
              </div>
              <Field name="date" label={t("dist.handoutDate")} type="date" defaultValue={today} errors={errorsFor("handout")} />
              <Field name="reference" label={t("dist.reference")} required={false} errors={errorsFor("handout")} />
              <fieldset className="field">
                <legend>{t("dist.handoutScope")}</legend>
                <label><input type="radio" name="scope" value="selected" defaultChecked /> {t("dist.scopeSelected")}</label>
                <label><input type="radio" name="scope" value="all" /> {t("dist.scopeAll")}</label>
              </fieldset>
              <div className="actions"><button type="submit" className="primary" disabled={busy}>{t("dist.handoutButton")}</button></div>
            </Form>
          </section>
          <section className="card" aria-labelledby="correct-h">
            <h2 id="correct-h">{t("dist.correct")}</h2>
            <p className="small muted">{t("dist.correctHelp")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="correct" />
              {version}
              <div className="field">
                <label htmlFor="f-reason">{t("dist.reason")}</label>
                <textarea id="f-reason" name="reason" required rows={2} {...errorAria("f-reason", errorsFor("correct")?.reason)} />
                <FieldError fieldId="f-reason" error={errorsFor("correct")?.reason} />
              </div>
              <Field name="recordDate" label={t("dist.recordDate")} type="date" defaultValue={run!.recordDate} errors={errorsFor("correct")} />
              <button type="submit" className="danger" disabled={busy}>{t("dist.correctButton")}</button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}
