import type { ReactNode } from "react";
import { useLang, useT } from "~/i18n/use-t";
import { scrollRegion } from "~/components/ui/scroll-region";

export type IndustryRow = {
  id: number;
  nameZh: string;
  nameEn: string;
  description: string | null;
  scaleQuantity: string | null;
  scaleUnit: string | null;
  drivenAreaMu: string | null;
  householdsDriven: number | null;
  scaleNote: string | null;
};

/** numeric(14,2) text without trailing zeros, grouped: "2000.00" → "2,000" */
function plainNumber(n: string) {
  return Number(n).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

/**
 * A village's industries with their scale and what they drive — the public page and the
 * workspace show the same table; the workspace adds a column (`extra`).
 */
export function VillageIndustries({
  industries,
  extra,
}: {
  industries: IndustryRow[];
  extra?: { heading: string; cell: (row: IndustryRow) => ReactNode };
}) {
  const t = useT();
  const lang = useLang();
  return (
    <div {...scrollRegion(t, t("village.industries"))}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("village.industry")}</th>
            <th scope="col">{t("village.scale")}</th>
            <th scope="col">{t("village.driven")}</th>
            {extra ? <th scope="col">{extra.heading}</th> : null}
          </tr>
        </thead>
        <tbody>
          {industries.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                {lang === "en" ? i.nameEn : i.nameZh}
                {i.description ? <div className="small muted">{i.description}</div> : null}
              </th>
              <td>{i.scaleQuantity ? `${plainNumber(i.scaleQuantity)} ${i.scaleUnit ?? ""}` : "—"}</td>
              <td>
                {[
                  i.drivenAreaMu ? `${plainNumber(i.drivenAreaMu)}+ ${t("village.mu")}` : null,
                  i.householdsDriven != null ? `${i.householdsDriven} ${t("village.households")}` : null,
                  i.scaleNote,
                ]
                  .filter(Boolean)
                  .join(t("punct.listSep")) || "—"}
              </td>
              {extra ? <td className="small">{extra.cell(i)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
