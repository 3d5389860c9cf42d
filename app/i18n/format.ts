import { formatMoney, formatWanTrim, formatYuan, type FenLike } from "~/domain/money";
import type { Lang } from "./index";
import { useLang } from "./use-t";

/** 10万元: from here up a sum reads better in 万元 in Chinese */
const WAN_FROM_FEN = 10_000_000n;

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An exact amount: `140,930.00 元` in Chinese, `¥140,930.00` in English. */
export function money(fen: FenLike, lang: Lang): string {
  return lang === "en" ? formatMoney(fen, "en") : formatYuan(fen);
}

/**
 * A sum in running text or a summary: `14.093万元` (exact, no trailing zeros) from 10万元 up in
 * Chinese, `1,234.00 元` below; `¥140,930.00` in English.
 */
export function moneyBig(fen: FenLike, lang: Lang): string {
  if (lang === "en") return formatMoney(fen, "en");
  const f = BigInt(fen);
  return (f < 0n ? -f : f) >= WAN_FROM_FEN ? formatWanTrim(f) : formatYuan(f);
}

/** `2026-03-01` → `2026年3月1日` / `1 Mar 2026`; anything else is shown as given. */
export function date(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === "en" ? `${d} ${EN_MONTHS[mo - 1]} ${y}` : `${y}年${mo}月${d}日`;
}

/** a count with the locale's grouping */
export function count(n: number, lang: Lang): string {
  return n.toLocaleString(lang === "en" ? "en-GB" : "zh-CN");
}

/** The formatters for the user's language, in a component. */
export function useFormat() {
  const lang = useLang();
  return {
    lang,
    money: (fen: FenLike) => money(fen, lang),
    moneyBig: (fen: FenLike) => moneyBig(fen, lang),
    date: (iso: string | null | undefined) => date(iso, lang),
    count: (n: number) => count(n, lang),
  };
}
