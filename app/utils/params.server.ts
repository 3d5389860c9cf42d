import { z } from "zod";
import { getLang } from "./lang.server";

const RegionCode = z.string().regex(/^[0-9]{12}$/);

/** A 12-digit region code from the URL, or a 400 in the user's language. */
export async function parseRegionCode(request: Request, value: string | undefined): Promise<string> {
  const parsed = RegionCode.safeParse(value);
  if (parsed.success) return parsed.data;
  const lang = await getLang(request);
  throw new Response(lang === "en" ? "A region code has 12 digits" : "区划代码应为12位数字", { status: 400 });
}

const Year = z.coerce.number().int().min(1949).max(2100);

export async function parseYear(request: Request, value: string | undefined): Promise<number> {
  const parsed = Year.safeParse(value);
  if (parsed.success && /^\d{4}$/.test(value ?? "")) return parsed.data;
  const lang = await getLang(request);
  throw new Response(lang === "en" ? "A year has four digits, 1949–2100" : "年度应为1949至2100之间的四位数字", {
    status: 400,
  });
}
