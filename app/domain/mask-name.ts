/**
 * 公示 masks the names of household heads: a two-character name keeps its first character
 * (罗强 → 罗*), a longer one keeps the first and the last (罗春强 → 罗*强, 欧阳春强 → 欧*强).
 * Works on code points, so a name with a character outside the BMP is masked the same way.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  if (chars.length === 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}
