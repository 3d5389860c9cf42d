import { formatWanTrim } from "~/domain/money";
import { useLang } from "~/i18n/use-t";

/**
 * Under an exact amount in 元, the same sum in 万元 (exact, `14.093万元`) when it is 10万元 or
 * more and the page is in Chinese: how people there read large sums. Nothing in English.
 */
export function WanNote({ fen, as: Tag = "dd" }: { fen: bigint | number; as?: "dd" | "div" | "span" }) {
  const lang = useLang();
  const f = BigInt(fen);
  if (lang !== "zh-CN" || (f < 0n ? -f : f) < 10_000_000n) return null;
  return <Tag className="wan-note small muted">{formatWanTrim(f)}</Tag>;
}
