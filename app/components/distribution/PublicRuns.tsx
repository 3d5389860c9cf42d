/** 村务公开: the distribution plans on notice or approved, names masked, each household's part. */

import { receiveText } from "~/domain/distribution-sheets";
import type { ExplainLine } from "~/domain/distribution-explain";
import { useLang, useT } from "~/i18n/use-t";
import { ExplainTable, RunBadge } from "./RunParts";
import { date, money } from "~/i18n/format";
import { scrollRegion } from "~/components/ui/scroll-region";

type PublicRun = {
  id: number;
  year: number;
  status: "draft" | "notice" | "approved" | "handed_out" | "reversed";
  recordDate: string;
  noticeFrom: string | null;
  noticeTo: string | null;
  rule: { documentTitle: string; inKind: { item: string; unit: string } | null };
  summary: string | null;
  lines: ExplainLine[];
  households: {
    code: string;
    name: string;
    group: string | null;
    eligible: boolean;
    rewardFen: bigint;
    cashFen: bigint;
    inKindUnits: bigint;
  }[];
};

export function PublicRuns({ runs }: { runs: PublicRun[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card stack" aria-labelledby="runs-h">
      <h2 id="runs-h">{t("dist.publicTitle")}</h2>
      {runs.length === 0 ? <p className="muted">{t("dist.publicNone")}</p> : null}
      {runs.map((r) => {
        const eligible = r.households.filter((h) => h.eligible);
        return (
          <article key={r.id} className="stack" data-testid={`public-run-${r.year}`}>
            <h3>
              {t("dist.title", { year: r.year })} <RunBadge status={r.status} />
            </h3>
            <p className="small muted">
              {r.rule.documentTitle}
              {r.noticeFrom ? ` · ${t("dist.noticePeriod")} ${date(r.noticeFrom, lang)} — ${date(r.noticeTo, lang)}` : ""}
            </p>
            {r.summary ? <p className="plain-words">{r.summary}</p> : null}
            <ExplainTable lines={r.lines} caption={t("dist.plan")} />
            <details>
              <summary>{t("dist.publicHouseholds", { n: eligible.length })}</summary>
              <div {...scrollRegion(t, t("dist.households"))}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("dist.code")}</th>
                      <th scope="col">{t("dist.head")}</th>
                      <th scope="col">{t("dist.group")}</th>
                      <th scope="col" className="num">
                        {t("dist.reward")}
                      </th>
                      <th scope="col">{t("dist.receives")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {eligible.map((h) => (
                      <tr key={h.code}>
                        <th scope="row">{h.code}</th>
                        <td>{h.name}</td>
                        <td>{h.group ?? ""}</td>
                        <td className="num">{h.rewardFen ? money(h.rewardFen, lang) : ""}</td>
                        <td>{receiveText(h, r.rule.inKind, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </article>
        );
      })}
    </section>
  );
}
