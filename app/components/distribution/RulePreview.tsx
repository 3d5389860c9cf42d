/**
 * The plan a rule would give on a village's last approved year, computed in the browser by the
 * same pure engine the server uses, as the rule is typed.
 */
import { plainWords, eligibleRange } from "~/domain/distribution-explain";
import { planRun, type HouseholdOnRecord } from "~/domain/distribution-request";
import type { RuleValues } from "~/domain/distribution-rule";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { money } from "~/i18n/format";

export type PreviewSample = {
  villageName: string;
  year: number;
  recordDate: string;
  distributableFen: bigint;
  lossesToCoverFen: bigint;
  households: HouseholdOnRecord[];
};

/**
 * `rule`: what the form's values make (null while they make none); `none`: what to say when there
 * is no approved year to preview on (default: the county has none).
 */
export function RulePreview({ sample, rule, none }: { sample: PreviewSample | null; rule: RuleValues | null; none?: string }) {
  const t = useT();
  const lang = useLang();
  if (!sample) return <p className="muted">{none ?? t("rules.previewNone")}</p>;
  const head = (
    <p className="small muted">{t("rules.previewOn", { village: sample.villageName, year: sample.year, n: sample.households.length })}</p>
  );
  if (!rule)
    return (
      <>
        {head}
        <p className="muted">{t("rules.previewIncomplete")}</p>
      </>
    );
  const r = planRun({
    year: sample.year,
    distributableFen: sample.distributableFen,
    lossesToCoverFen: sample.lossesToCoverFen,
    rule,
    households: sample.households,
    recordDate: sample.recordDate,
  });
  if (!r.ok)
    return (
      <>
        {head}
        <p className="alert alert-warn">{pick(lang, r.error)}</p>
      </>
    );
  const { plan, request } = r.run;
  const range = eligibleRange(request, plan);
  return (
    <div aria-live="polite" data-testid="rule-preview">
      {head}
      <dl className="totals">
        <div>
          <dt>{t("dist.pool")}</dt>
          <dd>{money(plan.dividendPoolFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("dist.rewardsTotal")}</dt>
          <dd>{money(plan.rewardsFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("dist.splitPool")}</dt>
          <dd>{money(plan.splitPoolFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("dist.leftover")}</dt>
          <dd>{money(plan.leftoverFen, lang)}</dd>
        </div>
        {range ? (
          <div>
            <dt>{t("dist.perHousehold")}</dt>
            <dd>
              {request.rule.inKind
                ? `${range.minUnits === range.maxUnits ? range.minUnits : `${range.minUnits}–${range.maxUnits}`} ${request.rule.inKind.unit}`
                : range.minShareFen === range.maxShareFen
                  ? money(range.minShareFen, lang)
                  : `${money(range.minShareFen, lang)} – ${money(range.maxShareFen, lang)}`}
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="plain-words">{plainWords({ lang, request, plan, owner: "county" })}</p>
    </div>
  );
}
