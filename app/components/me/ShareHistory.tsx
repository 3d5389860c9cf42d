/** The household's shares over time: each ledger movement with the holding after it, in a table that scrolls in its own region on a phone. */
import { scrollRegion } from "~/components/ui/scroll-region";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";

export type ShareLine = {
  effectiveOn: string;
  entryType: "subscribe" | "increase" | "transfer_out" | "transfer_in" | "redeem";
  className: string;
  quantity: string;
  classTotal: string;
  total: string;
};

export function ShareHistory({ shares }: { shares: readonly ShareLine[] }) {
  const t = useT();
  const lang = useLang();
  const last = shares.at(-1);
  return (
    <section aria-labelledby="shares-h" className="card stack">
      <h2 id="shares-h">{t("me.shares")}</h2>
      {!last ? (
        <p className="muted">{t("me.noShares")}</p>
      ) : (
        <>
          <p className="me-amount" data-testid="holding">
            {t("me.holding", { total: last.total })}
          </p>
          <div {...scrollRegion(t, t("me.shares"))}>
            <table className="me-shares">
              <thead>
                <tr>
                  <th scope="col">{t("me.date")}</th>
                  <th scope="col">{t("me.change")}</th>
                  <th scope="col" className="num">
                    {t("me.quantity")}
                  </th>
                  <th scope="col" className="num">
                    {t("me.classTotal")}
                  </th>
                  <th scope="col" className="num">
                    {t("me.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shares.map((s, i) => (
                  <tr key={i}>
                    <th scope="row" className="date">
                      {date(s.effectiveOn, lang)}
                    </th>
                    <td>
                      {s.className} · {t(`me.entry.${s.entryType}`)}
                    </td>
                    <td className="num">{s.quantity}</td>
                    <td className="num">{s.classTotal}</td>
                    <td className="num">{s.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
