import { Form, Link } from "@remix-run/react";
import { SelectField, formProps, useFormReply } from "~/components/ui/forms";
import { INCOME_TIERS } from "~/domain/income";
import { queryString, type Filters } from "~/domain/region-figures";
import type { MessageKey } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";

type Choices = { industries: { key: string; nameZh: string; nameEn: string }[]; models: string[] };

/**
 * The dashboard's filters: the year, a county's town, an industry, a model and an income tier. A
 * GET form its loader reads (a bad value is the loader's 400), so nothing is checked here.
 */
export function DashboardFilters({
  here,
  year,
  years,
  filters,
  towns,
  choices,
}: {
  here: string;
  year: number;
  years: number[];
  filters: Filters;
  /** a county's towns; null for a dashboard without the town filter */
  towns: { code: string; name: string }[] | null;
  choices: Choices;
}) {
  const t = useT();
  const lang = useLang();
  const [form, fields] = useFormReply<{ year: string; town: string; industry: string; model: string; tier: string }>({
    id: "f",
    lastResult: null,
    defaultValue: {
      year: String(year),
      town: filters.town ?? "",
      industry: filters.industry ?? "",
      model: filters.model ?? "",
      tier: filters.tier ?? "",
    },
  });
  const all = <option value="">{t("regions.filter.all")}</option>;
  return (
    <Form method="get" className="card filters no-print" aria-label={t("regions.filters")} {...formProps(form)}>
      <SelectField meta={fields.year} label={t("regions.year")}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </SelectField>
      {towns ? (
        <SelectField meta={fields.town} label={t("regions.filter.town")}>
          {all}
          {towns.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField meta={fields.industry} label={t("regions.filter.industry")}>
        {all}
        {choices.industries.map((i) => (
          <option key={i.key} value={i.key}>
            {lang === "en" ? i.nameEn : i.nameZh}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.model} label={t("regions.filter.model")}>
        {all}
        {choices.models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.tier} label={t("regions.filter.tier")}>
        {all}
        {INCOME_TIERS.map((tier) => (
          <option key={tier.key} value={tier.key}>
            {t(`regions.tier.${tier.key}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      <div className="filter-actions">
        <button type="submit" className="primary">
          {t("regions.show")}
        </button>
        <Link to={here + queryString({ year })}>{t("regions.reset")}</Link>
      </div>
    </Form>
  );
}
