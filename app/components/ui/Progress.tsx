import { useId } from "react";
import { useT } from "~/i18n/use-t";

/**
 * Long work under way (an upload, an import being written, a file being made): a label, a
 * <progress> bar — with a percentage when the amount is known, moving otherwise — in a polite
 * live region.
 */
export function Progress({ label, value, max, className }: { label: string; value?: number; max?: number; className?: string }) {
  const t = useT();
  const id = useId();
  const known = value !== undefined && max !== undefined && max > 0;
  const percent = known ? Math.min(100, Math.floor((value / max) * 100)) : null;
  return (
    <div role="status" className={`progress-box${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {known ? <progress id={id} className="wide" value={value} max={max} /> : <progress id={id} className="wide" />}
      {percent !== null ? <span className="small muted">{t("progress.percent", { percent })}</span> : null}
    </div>
  );
}
