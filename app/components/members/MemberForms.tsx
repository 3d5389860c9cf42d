import { Form } from "@remix-run/react";
import { answersIntent, useFormAnswer } from "~/components/registers/use-form-answer";
import { CheckboxField, Field, FormErrorsAlert, SelectField, TextareaField, formProps, useFormReply } from "~/components/ui/forms";
import type { FormReply } from "~/domain/form";
import { LOSS_REASONS, type MemberLossForm, type MemberUpdateForm, type MemberView } from "~/domain/members";
import { lossReasonLabel } from "~/i18n/member-labels";
import { useT } from "~/i18n/use-t";
import { MemberFields } from "./MemberFields";

type Common = { member: MemberView & { phone: string | null }; lastResult: FormReply | undefined; today: string; busy: boolean };

/**
 * The secretary's edit form. The ID number's field is empty (an empty field keeps the stored
 * number) unless the secretary asked to see it: then it holds the full number, which no other
 * page shows. Keyed by whether it was shown, so that showing it fills the field afresh.
 */
export function MemberEditForm({
  member: m,
  lastResult,
  today,
  busy,
  canKeepIds,
  revealedIdNumber,
}: Common & { canKeepIds: boolean; revealedIdNumber: string | null }) {
  const t = useT();
  const [form, fields] = useFormReply<MemberUpdateForm>({
    id: "edit",
    lastResult: useFormAnswer(lastResult, answersIntent("update")),
    defaultValue: {
      householdCode: m.householdCode,
      name: m.name,
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birthDate,
      idNumber: revealedIdNumber ?? "",
      phone: m.phone ?? "",
      smsConsent: m.smsConsent ? "on" : undefined,
      civilCapacity: m.civilCapacity,
      confirmedOn: m.confirmedOn,
      confirmationBasis: m.confirmationBasis,
      confirmationResolution: m.confirmationResolution,
    },
  });
  const [revealForm] = useFormReply({ id: "reveal", lastResult: useFormAnswer(lastResult, answersIntent("reveal")) });
  return (
    <>
      {m.idNumberMasked && canKeepIds ? (
        <Form method="post" className="inline-form" {...formProps(revealForm)}>
          <input type="hidden" name="intent" value="reveal" />
          <button type="submit" className="secondary" disabled={busy}>
            {t("members.reveal")}
          </button>
          <p className="small muted">{revealedIdNumber ? t("members.revealed") : t("members.revealHelp")}</p>
        </Form>
      ) : null}
      <FormErrorsAlert form={revealForm} />
      <FormErrorsAlert form={form} />
      <Form method="post" {...formProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="version" value={m.version} />
        <MemberFields
          fields={fields}
          today={today}
          canKeepIds={canKeepIds}
          idHint={m.idNumberMasked && !revealedIdNumber ? t("members.idKeepHint", { masked: m.idNumberMasked }) : undefined}
          idExtra={m.idNumberMasked ? <CheckboxField meta={fields.clearIdNumber} label={t("members.clearIdNumber")} /> : null}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("members.save")}
          </button>
        </div>
      </Form>
    </>
  );
}

/** Record the loss of membership: the law's reasons only (the article's words answer any other). */
export function MemberLossForm({ member: m, lastResult, today, busy }: Common) {
  const t = useT();
  const [form, fields] = useFormReply<MemberLossForm>({
    id: "loss",
    lastResult: useFormAnswer(lastResult, answersIntent("loss")),
    defaultValue: { lostOn: today },
  });
  return (
    <>
      <p className="small muted">{t("members.lossHelp")}</p>
      <FormErrorsAlert form={form} />
      <Form method="post" {...formProps(form)}>
        <input type="hidden" name="intent" value="loss" />
        <input type="hidden" name="version" value={m.version} />
        <div className="filters">
          <Field meta={fields.lostOn} label={t("members.field.lostOn")} type="date" min={m.confirmedOn} max={today} required />
          <SelectField meta={fields.lossReason} label={t("members.field.lossReason")} required>
            <option value="">—</option>
            {LOSS_REASONS.map((r) => (
              <option key={r} value={r}>
                {lossReasonLabel(t, r)}
              </option>
            ))}
          </SelectField>
        </div>
        <TextareaField
          meta={fields.lossNote}
          label={t("members.field.lossNote")}
          hint={t("members.lossNoteHint")}
          maxLength={200}
          rows={2}
        />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t("members.lossButton")}
          </button>
        </div>
      </Form>
    </>
  );
}

/** Take back a loss recorded in error. */
export function MemberRestoreForm({ member: m, lastResult, busy }: Omit<Common, "today">) {
  const t = useT();
  const [form] = useFormReply({ id: "restore", lastResult: useFormAnswer(lastResult, answersIntent("restore")) });
  return (
    <>
      <p className="small muted">{t("members.restoreHelp")}</p>
      <FormErrorsAlert form={form} />
      <Form method="post" className="inline-form" {...formProps(form)}>
        <input type="hidden" name="intent" value="restore" />
        <input type="hidden" name="version" value={m.version} />
        <button type="submit" className="secondary" disabled={busy}>
          {t("members.restoreButton")}
        </button>
      </Form>
    </>
  );
}
