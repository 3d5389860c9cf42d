/** The hand-out's place and date for the members (请于 2026-01-20 到 岗上组广场 领取): set once the plan is approved, changeable until everything is handed out. */
import { Form } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import type { DistributionStep } from "~/domain/distribution-form";
import { useT } from "~/i18n/use-t";
import type { Reply } from "./step-replies";

type Values = Extract<DistributionStep, { intent: "place" }>;

export function HandoutPlaceForm({
  run,
  today,
  lastResult,
  busy,
}: {
  run: { version: number; handoutPlace: string | null; handoutOn: string | null; earliestHandoutOn: string | null };
  today: string;
  lastResult: Reply;
  busy: boolean;
}) {
  const t = useT();
  const earliest = run.earliestHandoutOn && run.earliestHandoutOn > today ? run.earliestHandoutOn : today;
  const [form, fields] = useFormReply<Values>({
    id: "handout-place",
    lastResult,
    intent: "place",
    defaultValue: { handoutPlace: run.handoutPlace ?? "", handoutOn: run.handoutOn ?? earliest },
  });
  return (
    <section className="card" aria-labelledby="place-h">
      <h2 id="place-h">{t("dist.place")}</h2>
      <p className="small muted">{t("dist.placeHelp")}</p>
      <Form method="post" className="grid-2" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <input type="hidden" name="intent" value="place" />
        <input type="hidden" name="version" value={run.version} />
        <Field meta={fields.handoutPlace} label={t("dist.placeField")} maxLength={100} required />
        <Field meta={fields.handoutOn} label={t("dist.placeOn")} type="date" min={run.earliestHandoutOn ?? undefined} required />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("dist.placeButton")}
          </button>
        </div>
      </Form>
    </section>
  );
}
