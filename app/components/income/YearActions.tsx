/**
 * The year's approval steps under its lines: submit (村), approve or return with a comment
 * (乡镇 / 县), unlock an approved year with a reason (县). Each step is its own form with its own
 * intent and sees only the answer to its own submit; their messages above the form's fields are
 * shown at the top of the page (`YearActionAlerts`), where the reader lands after posting.
 */
import { Form } from "@remix-run/react";
import type { FormReply } from "~/domain/form";
import { COMMENT_MAX, INCOME_INTENTS, parseIncomeAction } from "~/domain/income-action";
import type { YearStatus } from "~/domain/income-workflow";
import { useT } from "~/i18n/use-t";
import { FormErrorsAlert, formProps, TextareaField, useFormReply } from "~/components/ui/forms";

type Comment = { intent: string; version: string; text: string };
type Plain = { intent: string; version: string };
const noIndustries: ReadonlySet<number> = new Set();
const onValidate = ({ formData }: { formData: FormData }) => parseIncomeAction(formData, { industryIds: noIndustries });

/** the forms of the approval steps, and one for a request no form of the page sends */
export function useYearActionForms(lastResult: FormReply | null | undefined) {
  const [submit] = useFormReply<Plain>({ id: "income-submit", lastResult, intent: "submit", onValidate });
  const [approve] = useFormReply<Plain>({ id: "income-approve", lastResult, intent: "approve", onValidate });
  const [ret, retFields] = useFormReply<Comment>({ id: "income-return", lastResult, intent: "return", onValidate });
  const [unlock, unlockFields] = useFormReply<Comment>({ id: "income-unlock", lastResult, intent: "unlock", onValidate });
  const stray = lastResult && !(INCOME_INTENTS as readonly string[]).includes(String(lastResult.initialValue?.intent)) ? lastResult : null;
  const [page] = useFormReply<Plain>({ id: "income-page", lastResult: stray });
  return { submit, approve, ret, retText: retFields.text, unlock, unlockText: unlockFields.text, page };
}
export type YearActionForms = ReturnType<typeof useYearActionForms>;

export function YearActionAlerts({ forms }: { forms: YearActionForms }) {
  return (
    <>
      <FormErrorsAlert form={forms.page} />
      <FormErrorsAlert form={forms.submit} />
      <FormErrorsAlert form={forms.approve} />
      <FormErrorsAlert form={forms.ret} />
      <FormErrorsAlert form={forms.unlock} />
    </>
  );
}

type Props = {
  forms: YearActionForms;
  status: YearStatus;
  version: number;
  editable: boolean;
  capacity: { canApprove: boolean; canUnlock: boolean };
  busy: boolean;
};

export function YearActions({ forms, status, version, editable, capacity, busy }: Props) {
  const t = useT();
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  return (
    <section className="card actions-card no-print" aria-label={t("income.submit")}>
      {editable ? (
        <Form method="post" className="actions" {...formProps(forms.submit)}>
          {hidden("submit")}
          <button type="submit" className="primary" disabled={busy}>
            {t("income.submit")}
          </button>
        </Form>
      ) : null}
      {capacity.canApprove && status === "submitted" ? (
        <>
          <Form method="post" {...formProps(forms.approve)}>
            {hidden("approve")}
          </Form>
          <Form method="post" className="stack" {...formProps(forms.ret)}>
            {hidden("return")}
            <TextareaField meta={forms.retText} label={t("income.returnComment")} rows={2} maxLength={COMMENT_MAX} />
            <div className="actions">
              {/* approving takes no comment: the button belongs to the approve form */}
              <button type="submit" form={forms.approve.id} className="primary" disabled={busy}>
                {t("income.approve")}
              </button>
              <button type="submit" className="danger" disabled={busy}>
                {t("income.return")}
              </button>
            </div>
          </Form>
        </>
      ) : null}
      {capacity.canUnlock && status === "approved" ? (
        <Form method="post" className="stack" {...formProps(forms.unlock)}>
          {hidden("unlock")}
          <TextareaField meta={forms.unlockText} label={t("income.unlockReason")} rows={2} maxLength={COMMENT_MAX} />
          <button type="submit" className="danger" disabled={busy}>
            {t("income.unlock")}
          </button>
        </Form>
      ) : null}
      {status === "submitted" && !capacity.canApprove ? <p className="muted">{t("income.pendingApproval")}</p> : null}
    </section>
  );
}
