/**
 * One year's part of the household, phone first: what it gets (大米 15 公斤 + 500 元) large, then
 * cash, goods, the remainder and the reward line by line, the hand-out state, and all of it in
 * plain words — the plan's sentence and the household's part with where and when to collect it.
 */
import { RunBadge } from "~/components/distribution/RunParts";
import { memberPartWords, unitZh, type HandoutState, type MemberPart } from "~/domain/distribution-explain";
import type { RunStatus } from "~/domain/distribution-lifecycle";
import { receiveText } from "~/domain/distribution-sheets";
import { money } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";

export type DividendView = {
  runId: number;
  year: number;
  kind: "regular" | "reversal";
  status: RunStatus;
  part: MemberPart;
  documentTitle: string;
  /** the plan's sentence; the household's part follows it, in words made here from `part` */
  why: string | null;
};

const BADGE: Record<HandoutState["state"], string> = {
  notice: "badge badge-notice",
  to_collect: "badge badge-pending",
  collected: "badge badge-collected",
  paid: "badge badge-paid",
  nothing: "badge badge-none",
  reversed: "badge badge-reversed",
  reversal: "badge badge-reversed",
  left_out: "badge badge-none",
};

const SAID_BY_RUN = new Set<HandoutState["state"]>(["notice", "reversed", "reversal"]);

export function DividendCard({ d }: { d: DividendView }) {
  const t = useT();
  const lang = useLang();
  const { part } = d;
  const g = part.goods;
  // line by line while it is still to come; a year handed out (or reversed) is told by its plain words alone
  const shown = part.handout.state === "notice" || part.handout.state === "to_collect";
  const goodsText = g ? `${g.item} ${g.units} ${lang === "en" ? g.unit : unitZh(g.unit)}` : null;
  return (
    <article className="card stack me-dividend" data-testid={`dividend-${d.year}`} aria-labelledby={`year-${d.runId}`}>
      <h3 id={`year-${d.runId}`}>
        {t("me.year", { year: d.year })} <RunBadge status={d.status} kind={d.kind} />{" "}
        {/* on notice or reversed, the run's badge already says it */}
        {SAID_BY_RUN.has(part.handout.state) ? null : (
          <span className={BADGE[part.handout.state]} data-testid="handout-state">
            {t(`me.state.${part.handout.state}`)}
          </span>
        )}
      </h3>
      {part.handout.state !== "left_out" ? (
        <p className="me-amount">{receiveText({ cashFen: part.cashFen, inKindUnits: g?.units ?? 0n }, g, lang)}</p>
      ) : (
        <p className="muted">{t("dist.notEligible")}</p>
      )}
      {shown ? (
        <dl className="me-facts">
          {g ? (
            <div>
              <dt>{t("me.goods")}</dt>
              <dd>{t("me.goodsValue", { goods: goodsText!, amount: money(g.valueFen, lang) })}</dd>
            </div>
          ) : null}
          {part.cashFen !== 0n ? (
            <div>
              <dt>{t("me.cash")}</dt>
              <dd>{money(part.cashFen, lang)}</dd>
            </div>
          ) : null}
          {part.remainder ? (
            <div>
              <dt>{t("me.remainder")}</dt>
              <dd>{t(`me.remainder.${part.remainder.paid}`, { amount: money(part.remainder.fen, lang) })}</dd>
            </div>
          ) : null}
          {part.rewardFen !== 0n ? (
            <div>
              <dt>{t("me.rewardLine")}</dt>
              <dd>{money(part.rewardFen, lang)}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <p className="plain-words" data-testid="part-words">
        {d.why ? `${d.why}${lang === "en" ? " " : ""}` : ""}
        {memberPartWords(part, lang)}
      </p>
      <p className="small muted">{d.documentTitle}</p>
    </article>
  );
}
