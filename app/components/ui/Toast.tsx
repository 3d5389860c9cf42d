import { useEffect, useState, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";

/**
 * What a save did, shown after the redirect (`?saved=1`, `?done=…`, `?imported=N`): a polite
 * status message floating over the bottom of the page (it takes no room in the layout), which
 * the user closes. It is the page's `role="status"` message, so it reads the same to tests and
 * screen readers as the inline one it replaces. Pass a `key` that changes with the message so a
 * second save shows it again.
 */
export function Toast({ children, tone = "ok", testId }: { children: ReactNode; tone?: "ok" | "error"; testId?: string }) {
  const t = useT();
  const [open, setOpen] = useState(true);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  if (!open) return null;
  return (
    <div className="toast-region no-print">
      <div className={`toast alert alert-${tone}`} role="status" aria-live="polite" data-testid={testId}>
        <div className="toast-body">{children}</div>
        <button type="button" className="toast-close" onClick={() => setOpen(false)} aria-label={t("toast.dismiss")}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
    </div>
  );
}
