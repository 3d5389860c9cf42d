/** The year's totals (合计) as the lines are typed, in 元 with the 万元 beside large sums. */
import type { YearTotals } from "~/domain/income";
import { money } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { WanNote } from "~/components/ui/WanNote";

export function LiveTotals({ totals }: { totals: YearTotals }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h3>{t("income.totals")}</h3>
      <dl className="totals" aria-live="polite">
        <div>
          <dt>{t("income.operatingIncome")}</dt>
          <dd data-testid="total-operating">{money(totals.operatingIncomeFen, lang)}</dd>
          <WanNote fen={totals.operatingIncomeFen} />
        </div>
        <div>
          <dt>{t("income.expenses")}</dt>
          <dd>{money(totals.expensesFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("income.netOperatingIncome")}</dt>
          <dd data-testid="total-net">{money(totals.netOperatingIncomeFen, lang)}</dd>
          <WanNote fen={totals.netOperatingIncomeFen} />
        </div>
        <div>
          <dt>{t("income.subsidy")}</dt>
          <dd>{money(totals.subsidyFen, lang)}</dd>
        </div>
        <div>
          <dt>{t("income.distributable")}</dt>
          <dd data-testid="total-distributable">{money(totals.distributableFen, lang)}</dd>
          <WanNote fen={totals.distributableFen} />
        </div>
      </dl>
    </>
  );
}
