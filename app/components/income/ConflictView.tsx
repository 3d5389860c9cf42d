/**
 * After a save met someone else's (409): the lines as this user posted them (not saved) beside
 * the version stored meanwhile, so they can be compared before saving again.
 */
import type { LineKind } from "~/domain/income";
import type { RawLine } from "~/domain/income-form";
import { money } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";

type Theirs = { version: number; lines: { id: number; kind: LineKind; description: string; amountFen: bigint }[] };

export function ConflictView({ theirs, yours }: { theirs: Theirs; yours: RawLine[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="alert alert-error" role="alert" aria-labelledby="conflict-h">
      <h2 id="conflict-h">{t("income.conflictTitle")}</h2>
      <p>{t("income.conflictHelp")}</p>
      <div className="grid-2">
        <div>
          <h3>{t("income.conflictYours")}</h3>
          <ul>
            {yours.map((l, i) => (
              <li key={i}>
                {t(`kind.${l.kind as LineKind}`)} · {l.description} · {l.amount}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>
            {t("income.conflictTheirs")} (v{theirs.version})
          </h3>
          <ul>
            {theirs.lines.map((l) => (
              <li key={l.id}>
                {t(`kind.${l.kind}`)} · {l.description} · {money(l.amountFen, lang)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
