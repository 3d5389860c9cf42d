import { formatMoney, formatWanTrim, formatYuan } from "~/domain/money";
import { formatPermille } from "~/domain/region-figures";

/** table cells: 万元 exact to the fen for sums, 元 for per-household amounts; `¥140,930.00` in English */
export const wan = (fen: bigint | null | undefined, lang: "zh-CN" | "en" = "zh-CN") =>
  fen === null || fen === undefined ? "—" : lang === "en" ? formatMoney(fen, "en") : formatWanTrim(fen);
export const yuan = (fen: bigint | null | undefined, lang: "zh-CN" | "en" = "zh-CN") =>
  fen === null || fen === undefined ? "—" : lang === "en" ? formatMoney(fen, "en") : formatYuan(fen);
export const pct = (permille: number | null | undefined) => formatPermille(permille ?? null);
/** 万元 as a number for a chart axis (display only; the tables carry the exact figures) */
export const wanNumber = (fen: bigint | null | undefined) => (fen == null ? 0 : Number(fen) / 1_000_000);
