/** Small pieces of the distribution pages: the status badge and the plan line by line. */
import type { ExplainLine } from "~/domain/distribution-explain";
import type { RunStatus } from "~/domain/distribution-lifecycle";
import { StatusBadge } from "~/components/ui/StatusBadge";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { money } from "~/i18n/format";
import { scrollRegion } from "~/components/ui/scroll-region";

export function RunBadge({ status, kind = "regular" }: { status: RunStatus; kind?: "regular" | "reversal" }) {
  return <StatusBadge kind="run" status={status} reversal={kind === "reversal"} testId="run-status" />;
}

/** The plan line by line: what each step took and why. */
export function ExplainTable({ lines, caption }: { lines: ExplainLine[]; caption: string }) {
  const lang = useLang();
  const t = useT();
  return (
    <div {...scrollRegion(t, caption)}>
      <table className="explain-table">
        <caption className="sr-only">{caption}</caption>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key} className={l.key === "pool" || l.key === "leftover" ? "explain-strong" : undefined}>
              <th scope="row">{pick(lang, l.label)}</th>
              <td className="num">{l.amountFen === null ? "" : money(l.amountFen, lang)}</td>
              <td className="small muted">{l.note ? pick(lang, l.note) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
