import type { Translate } from "~/i18n";

/**
 * A table's wrapper that scrolls sideways on a phone: a named region a keyboard can focus (and
 * then scroll with the arrow keys), so that columns beyond the screen are reachable without a
 * pointer. Its name says it is the table of `name` (a section around it may carry `name` itself,
 * and two landmarks must not share one). Spread it on the wrapper:
 * `<div {...scrollRegion(t, t("…"))}>`.
 */
export function scrollRegion(t: Translate, name: string) {
  return { className: "table-wrap", tabIndex: 0, role: "region", "aria-label": t("registers.tableOf", { name }) } as const;
}
