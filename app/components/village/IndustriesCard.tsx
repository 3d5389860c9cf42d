import { Form } from "@remix-run/react";
import { VillageIndustries, type IndustryRow } from "~/components/VillageIndustries";
import { Field, FormErrorsAlert, formProps, SelectField, useFormReply } from "~/components/ui/forms";
import { money } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import type { ProfileAnswers } from "./profile-replies";

type YearFigures = {
  villageIndustryId: number;
  year: number;
  outputQuantity: string | null;
  outputUnit: string | null;
  revenueFen: bigint | null;
  visitors: number | null;
};
type CatalogueEntry = { id: number; nameZh: string; nameEn: string };

type IndustryValues = {
  industryId: number;
  description: string;
  scaleQuantity: string;
  scaleUnit: string;
  drivenAreaMu: string;
  householdsDriven: number;
};
type YearValues = {
  villageIndustryId: number;
  year: number;
  outputQuantity: string;
  outputUnit: string;
  revenue: string;
  visitors: number;
};

/** The village's industries with their yearly figures; the secretary adds or updates either. */
export function IndustriesCard({
  industries,
  industryYears,
  catalogue,
  latestYear,
  canEdit,
  answers,
  busy,
}: {
  industries: IndustryRow[];
  industryYears: YearFigures[];
  catalogue: CatalogueEntry[];
  latestYear: number | undefined;
  canEdit: boolean;
  answers: ProfileAnswers;
  busy: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const figures = (y: YearFigures) =>
    [
      y.outputQuantity ? `${y.outputQuantity}${y.outputUnit ?? ""}` : null,
      y.revenueFen != null ? money(y.revenueFen, lang) : null,
      y.visitors != null ? `${y.visitors}${t("profile.visitorsUnit")}` : null,
    ]
      .filter(Boolean)
      .join(" · ");
  return (
    <section className="card" aria-labelledby="ind-h">
      <h2 id="ind-h">{t("village.industries")}</h2>
      <VillageIndustries
        industries={industries}
        extra={{
          heading: t("profile.yearFigures"),
          cell: (i) =>
            industryYears
              .filter((y) => y.villageIndustryId === i.id)
              .map((y) => `${y.year}: ${figures(y)}`)
              .join(t("punct.listSep")) || "—",
        }}
      />
      {canEdit ? (
        <div className="grid-2">
          <IndustryForm catalogue={catalogue} answers={answers} busy={busy} />
          <YearFiguresForm industries={industries} latestYear={latestYear} answers={answers} busy={busy} />
        </div>
      ) : null}
    </section>
  );
}

/** an industry from the catalogue, with its scale (updates it when the village has it already) */
function IndustryForm({ catalogue, answers, busy }: { catalogue: CatalogueEntry[]; answers: ProfileAnswers; busy: boolean }) {
  const t = useT();
  const lang = useLang();
  const [form, fields] = useFormReply<IndustryValues>({ id: "industry", lastResult: answers.of("industry") });
  return (
    <Form method="post" className="stack" aria-label={t("profile.industryForm")} {...formProps(form)}>
      <h3>{t("profile.industryForm")}</h3>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="industry" />
      <SelectField meta={fields.industryId} label={t("village.industry")} required>
        {catalogue.map((c) => (
          <option key={c.id} value={c.id}>
            {lang === "en" ? c.nameEn : c.nameZh}
          </option>
        ))}
      </SelectField>
      <Field meta={fields.description} label={t("profile.description")} maxLength={500} />
      <Field meta={fields.scaleQuantity} label={t("village.scale")} inputMode="decimal" />
      <Field meta={fields.scaleUnit} label={t("profile.unit")} maxLength={10} placeholder={t("form.unitPlaceholder")} />
      <Field meta={fields.drivenAreaMu} label={t("profile.drivenAreaMu")} inputMode="decimal" />
      <Field meta={fields.householdsDriven} label={t("village.householdsDriven")} inputMode="numeric" />
      <button type="submit" className="secondary" disabled={busy}>
        {t("income.save")}
      </button>
    </Form>
  );
}

/** one year's output, revenue and visitors of one of the village's industries */
function YearFiguresForm({
  industries,
  latestYear,
  answers,
  busy,
}: {
  industries: IndustryRow[];
  latestYear: number | undefined;
  answers: ProfileAnswers;
  busy: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const [form, fields] = useFormReply<YearValues>({
    id: "industry-year",
    lastResult: answers.of("industryYear"),
    defaultValue: { year: latestYear === undefined ? "" : String(latestYear) },
  });
  return (
    <Form method="post" className="stack" aria-label={t("profile.yearFigures")} {...formProps(form)}>
      <h3>{t("profile.yearFigures")}</h3>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="industryYear" />
      <SelectField meta={fields.villageIndustryId} label={t("village.industry")} required>
        {industries.map((i) => (
          <option key={i.id} value={i.id}>
            {lang === "en" ? i.nameEn : i.nameZh}
          </option>
        ))}
      </SelectField>
      <Field meta={fields.year} label={t("village.year")} inputMode="numeric" required />
      <Field meta={fields.outputQuantity} label={t("profile.output")} inputMode="decimal" />
      <Field meta={fields.outputUnit} label={t("profile.unit")} maxLength={10} />
      <Field meta={fields.revenue} label={t("profile.revenue")} inputMode="decimal" />
      <Field meta={fields.visitors} label={t("profile.visitors")} inputMode="numeric" />
      <button type="submit" className="secondary" disabled={busy || industries.length === 0}>
        {t("income.save")}
      </button>
    </Form>
  );
}
