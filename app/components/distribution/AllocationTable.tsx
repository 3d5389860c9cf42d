/** Each household's part of a run; with checkboxes (for the hand-out form) when it may be marked. */
import { receiveText, type AllocationRow } from "~/domain/distribution-sheets";
import { useLang, useT } from "~/i18n/use-t";
import { money } from "~/i18n/format";
import { scrollRegion } from "~/components/ui/scroll-region";

const trim = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);

export function AllocationTable({
  rows,
  inKind,
  selectable,
}: {
  rows: AllocationRow[];
  inKind: { item: string; unit: string } | null;
  selectable: boolean;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <div {...scrollRegion(t, t("dist.allocations"))}>
      <table className="allocation-table">
        <thead>
          <tr>
            {selectable ? (
              <th scope="col">
                <span className="sr-only">{t("dist.select")}</span>
              </th>
            ) : null}
            <th scope="col">{t("dist.code")}</th>
            <th scope="col">{t("dist.head")}</th>
            <th scope="col">{t("dist.group")}</th>
            <th scope="col" className="num">
              {t("dist.shares")}
            </th>
            <th scope="col" className="num">
              {t("dist.members")}
            </th>
            <th scope="col" className="num">
              {t("dist.reward")}
            </th>
            <th scope="col" className="num">
              {t("dist.sharePart")}
            </th>
            <th scope="col">{t("dist.receives")}</th>
            <th scope="col">{t("dist.handoutStatus")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const something = r.cashFen !== 0n || r.inKindUnits !== 0n;
            return (
              <tr key={r.id} className={r.eligible ? undefined : "muted"}>
                {selectable ? (
                  <td>
                    {something ? (
                      <input type="checkbox" name="allocationId" value={r.id} form="handout-form" aria-label={`${r.code} ${r.headName}`} />
                    ) : null}
                  </td>
                ) : null}
                <th scope="row">{r.code}</th>
                <td>{r.headName}</td>
                <td>{r.groupName ?? "—"}</td>
                <td className="num">{trim(r.shares)}</td>
                <td className="num">{r.members}</td>
                <td className="num">{r.rewardFen ? money(r.rewardFen, lang) : "—"}</td>
                <td className="num">{money(r.shareFen, lang)}</td>
                <td>{r.eligible ? receiveText(r, inKind, lang) : t("dist.notEligible")}</td>
                <td className="small">
                  {something ? t(`dist.handout.${r.handout}`) : "—"}
                  {r.handedOutOn ? ` ${r.handedOutOn}` : ""}
                  {r.handoutReference ? ` · ${r.handoutReference}` : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
