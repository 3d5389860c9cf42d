import { translate, type Lang, type MessageKey } from "./index";

type Match = { id: string; data?: unknown };

/** The page's language in a route's `meta` (from the root loader's data). */
export function metaLang(matches: readonly Match[] | undefined): Lang {
  const root = matches?.find((m) => m.id === "root")?.data as { lang?: Lang } | undefined;
  return root?.lang === "en" ? "en" : "zh-CN";
}

/** A page title in the user's language: `<page> · 村集体经济台账` / `<page> · Village Ledger`. */
export function pageTitle(
  matches: readonly Match[] | undefined,
  key: MessageKey,
  vars?: Record<string, string | number>,
  prefix?: string,
): string {
  const lang = metaLang(matches);
  const page = translate(lang, key, vars);
  return `${prefix ? `${prefix} · ` : ""}${page} · ${translate(lang, "app.name")}`;
}
