/** The forms for a run's next steps, shown to whoever may take them; each answers beside its fields. */
import { Form, useNavigation } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, SelectField, TextareaField, useFormReply } from "~/components/ui/forms";
import type { DistributionStep } from "~/domain/distribution-form";
import { useT } from "~/i18n/use-t";
import { HandoutPlaceForm } from "./HandoutPlaceForm";
import { NoticeSteps, type RunOnNotice } from "./Objections";
import type { Reply, StepForms } from "./step-replies";

type Values<I extends DistributionStep["intent"]> = Extract<DistributionStep, { intent: I }>;

export type RunForSteps = RunOnNotice & {
  status: "draft" | "notice" | "approved" | "handed_out" | "reversed";
  recordDate: string;
  rule: { noticeDays: number } | null;
  counts: { pending: number };
  handoutPlace: string | null;
  handoutOn: string | null;
  earliestHandoutOn: string | null;
};

export function RunSteps({
  run,
  forms,
  capacity,
  userId,
  today,
  suggestedNoticeTo,
  lastResult,
}: {
  run: RunForSteps | null;
  /** which step forms the run's state shows (step-replies.ts) */
  forms: StepForms;
  capacity: { canWrite: boolean; canConfirm: boolean };
  userId: string;
  today: string;
  suggestedNoticeTo: string;
  lastResult: Reply;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [draftForm, draft] = useFormReply<Values<"draft">>({
    id: "dist-draft",
    lastResult,
    intent: "draft",
    defaultValue: { recordDate: run?.recordDate ?? today },
  });
  const [noticeForm, notice] = useFormReply<Values<"notice">>({
    id: "dist-notice",
    lastResult,
    intent: "notice",
    defaultValue: { noticeFrom: today, noticeTo: suggestedNoticeTo },
  });
  const [handoutForm, handout] = useFormReply<Values<"handout">>({
    id: "handout-form",
    lastResult,
    intent: "handout",
    defaultValue: { handout: "collected", date: today, scope: "selected" },
  });
  const [correctForm, correct] = useFormReply<Values<"correct">>({
    id: "dist-correct",
    lastResult,
    intent: "correct",
    defaultValue: { recordDate: run?.recordDate },
  });
  const version = <input type="hidden" name="version" value={run?.version ?? 0} />;
  const scope = handout.scope.initialValue === "all" ? "all" : "selected";

  return (
    <div className="stack no-print">
      {forms.draft ? (
        <section className="card" aria-labelledby="draft-h">
          <h2 id="draft-h">{run ? t("dist.redraft") : t("dist.draft")}</h2>
          <p className="small muted">{t("dist.draftHelp")}</p>
          <Form method="post" {...formProps(draftForm)}>
            <FormErrorsAlert form={draftForm} />
            <input type="hidden" name="intent" value="draft" />
            <Field meta={draft.recordDate} label={t("dist.recordDate")} type="date" required />
            <button type="submit" className="primary" disabled={busy}>
              {run ? t("dist.redraftButton") : t("dist.draftButton")}
            </button>
          </Form>
        </section>
      ) : null}

      {forms.notice ? (
        <section className="card" aria-labelledby="notice-h">
          <h2 id="notice-h">{t("dist.startNotice")}</h2>
          <p className="small muted">{t("dist.noticeHelp", { days: run?.rule?.noticeDays ?? 7 })}</p>
          <Form method="post" className="grid-2" {...formProps(noticeForm)}>
            <FormErrorsAlert form={noticeForm} />
            <input type="hidden" name="intent" value="notice" />
            {version}
            <Field meta={notice.noticeFrom} label={t("dist.noticeFrom")} type="date" required />
            <Field meta={notice.noticeTo} label={t("dist.noticeTo")} type="date" required />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("dist.startNoticeButton")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {run?.status === "notice" ? (
        <NoticeSteps
          run={run}
          forms={forms}
          capacity={capacity}
          userId={userId}
          today={today}
          lastResult={lastResult}
          busy={busy}
          version={version}
        />
      ) : null}

      {run && forms.place ? <HandoutPlaceForm run={run} today={today} lastResult={lastResult} busy={busy} /> : null}

      {run && forms.handout ? (
        <section className="card" aria-labelledby="handout-h">
          <h2 id="handout-h">{t("dist.handout")}</h2>
          <p className="small muted">{t("dist.handoutHelp", { pending: run.counts.pending })}</p>
          <Form method="post" className="grid-2" {...formProps(handoutForm)}>
            <FormErrorsAlert form={handoutForm} />
            <input type="hidden" name="intent" value="handout" />
            <SelectField meta={handout.handout} label={t("dist.handoutStatus")}>
              <option value="collected">{t("dist.handout.collected")}</option>
              <option value="paid">{t("dist.handout.paid")}</option>
              <option value="pending">{t("dist.handout.pending")}</option>
            </SelectField>
            <Field meta={handout.date} label={t("dist.handoutDate")} type="date" required />
            <Field meta={handout.reference} label={t("dist.reference")} />
            <fieldset className="field">
              <legend>{t("dist.handoutScope")}</legend>
              <label>
                <input type="radio" name={handout.scope.name} value="selected" defaultChecked={scope === "selected"} />{" "}
                {t("dist.scopeSelected")}
              </label>
              <label>
                <input type="radio" name={handout.scope.name} value="all" defaultChecked={scope === "all"} /> {t("dist.scopeAll")}
              </label>
            </fieldset>
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("dist.handoutButton")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {run && forms.correct ? (
        <section className="card" aria-labelledby="correct-h">
          <h2 id="correct-h">{t("dist.correct")}</h2>
          <p className="small muted">{t("dist.correctHelp")}</p>
          <Form method="post" {...formProps(correctForm)}>
            <FormErrorsAlert form={correctForm} />
            <input type="hidden" name="intent" value="correct" />
            {version}
            <TextareaField meta={correct.reason} label={t("dist.reason")} rows={2} required />
            <Field meta={correct.recordDate} label={t("dist.recordDate")} type="date" />
            <button type="submit" className="danger" disabled={busy}>
              {t("dist.correctButton")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
