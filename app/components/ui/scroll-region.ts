/**
 * A table's wrapper that scrolls sideways on a phone: a named region a keyboard can focus (and
 * then scroll with the arrow keys), so that columns beyond the screen are reachable without a
 * pointer. Spread it on the wrapper: `<div {...scrollRegion(t("…"))}>`.
 */
export function scrollRegion(label: string) {
  return { className: "table-wrap", tabIndex: 0, role: "region", "aria-label": label } as const;
}
