import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";

/**
 * What a save did, shown after the redirect (`?saved=1`, `?done=…`, `?imported=N`): a polite
 * status message floating over the bottom of the page (it takes no room in the layout), which
 * the user closes (×, or Escape), or that goes by itself after a while unless the pointer or the
 * focus is on it. It is the page's `role="status"` message, so it reads the same to tests and
 * screen readers as the inline one it replaces. Each navigation (a second save) shows it anew.
 */
export function Toast(props: ToastProps) {
  const { key } = useLocation();
  return <ToastOnce key={key} {...props} />;
}

type ToastProps = { children: ReactNode; tone?: "ok" | "error"; testId?: string };
const STAYS_MS = 10_000;

function ToastOnce({ children, tone = "ok", testId }: ToastProps) {
  const t = useT();
  const [open, setOpen] = useState(true);
  const held = useRef(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    const timer = window.setInterval(() => {
      if (!held.current) setOpen(false);
    }, STAYS_MS);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.clearInterval(timer);
    };
  }, [open]);
  if (!open) return null;
  const hold = () => {
    held.current = true;
  };
  const release = () => {
    held.current = false;
  };
  return (
    <div className="toast-region no-print">
      <div
        className={`toast alert alert-${tone}`}
        role="status"
        aria-live="polite"
        data-testid={testId}
        onMouseEnter={hold}
        onMouseLeave={release}
        onFocus={hold}
        onBlur={release}
      >
        <div className="toast-body">{children}</div>
        <button type="button" className="toast-close" onClick={() => setOpen(false)} aria-label={t("toast.dismiss")}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
    </div>
  );
}
