import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n";

/** 收益年度 draft → submitted → approved (locked) or returned; "none" when a village has no entry. */
export type IncomeStatus = "draft" | "submitted" | "approved" | "returned" | "none";
/** 分配方案 draft → notice (公示) → approved → handed_out; reversed when corrected. */
export type RunStatus = "draft" | "notice" | "approved" | "handed_out" | "reversed";
/** 每户发放 */
export type HandoutStatus = "pending" | "paid" | "collected";

type Props =
  | { kind: "income"; status: IncomeStatus; testId?: string }
  | { kind: "run"; status: RunStatus; reversal?: boolean; testId?: string }
  | { kind: "handout"; status: HandoutStatus; testId?: string };

/**
 * The one mapping of every status to its label (zh/en, from the catalogue) and its colour
 * (`.badge-<status>` in app.css): grey draft, blue submitted, amber on notice, green approved,
 * solid green handed out, red returned or reversed.
 */
export function statusBadge(props: Props): { key: MessageKey; className: string } {
  if (props.kind === "run" && props.reversal) return { key: "badge.run.reversal", className: "badge badge-reversed" };
  const key = `badge.${props.kind}.${props.status}` as MessageKey;
  return { key, className: `badge badge-${props.status}` };
}

export function StatusBadge(props: Props) {
  const t = useT();
  const { key, className } = statusBadge(props);
  return (
    <span className={className} data-testid={props.testId}>
      {t(key)}
    </span>
  );
}
