import { useRef, useState, type MouseEvent, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";

/** the file name a download answer gives (RFC 5987 `filename*` first) */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1]!.trim() : fallback;
}

/**
 * An export link (CSV / Excel) that says it is busy while the file is being made. Without
 * JavaScript it is an ordinary download link. With it, the file is fetched, a bar shows how much
 * has arrived, and it is saved under the name the server gives; anything unexpected (signed
 * out, an error page) falls back to following the link.
 */
export function ExportLink({
  href,
  children,
  className,
  ...rest
}: {
  href: string;
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
}) {
  const t = useT();
  const [busy, setBusy] = useState<null | { loaded: number; total: number }>(null);
  const abort = useRef<AbortController | null>(null);

  const onClick = async (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (typeof fetch === "undefined" || typeof URL.createObjectURL !== "function") return;
    e.preventDefault();
    if (busy) return;
    const controller = new AbortController();
    abort.current = controller;
    setBusy({ loaded: 0, total: 0 });
    try {
      const res = await fetch(href, { credentials: "same-origin", signal: controller.signal });
      const disposition = res.headers.get("Content-Disposition");
      if (!res.ok || !disposition || !/attachment/i.test(disposition) || !res.body) throw new Error("not a file");
      const total = Number(res.headers.get("Content-Length") ?? 0);
      const reader = res.body.getReader();
      const parts: Uint8Array[] = [];
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        loaded += value.length;
        setBusy({ loaded, total });
      }
      const blob = new Blob(parts as BlobPart[], { type: res.headers.get("Content-Type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileNameOf(disposition, href.split("/").pop()?.split("?")[0] ?? "export");
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      if (!controller.signal.aborted) window.location.assign(href);
    } finally {
      setBusy(null);
    }
  };

  const percent = busy && busy.total > 0 ? Math.min(100, Math.floor((busy.loaded / busy.total) * 100)) : null;
  return (
    <>
      <a
        href={href}
        download
        className={className}
        onClick={onClick}
        aria-busy={busy ? true : undefined}
        aria-disabled={busy ? true : undefined}
        {...rest}
      >
        {children}
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
      </a>
      <span role="status" className="sr-only">
        {busy ? (percent !== null ? t("progress.percent", { percent }) : t("progress.downloading")) : ""}
      </span>
    </>
  );
}
