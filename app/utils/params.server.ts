import { regionCode, year, yearMessage } from "~/domain/input";
import { pick } from "~/i18n";
import { messageOfIssue } from "~/domain/form";
import { messageOfText } from "~/i18n/message";
import { getLang } from "./lang.server";
import { thisYearInChina } from "./today.server";

/** A 12-digit region code from the URL, or a 400 in the user's language. */
export async function parseRegionCode(request: Request, value: string | undefined): Promise<string> {
  const parsed = regionCode().safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Response(pick(await getLang(request), messageOfIssue(parsed.error.issues[0]!)), { status: 400 });
}

/** A year from the URL: four digits, 1949 to next year (the app's clock), or a 400 in the user's language. */
export async function parseYear(request: Request, value: string | undefined): Promise<number> {
  const thisYear = thisYearInChina();
  const parsed = /^\d{4}$/.test(value ?? "") ? year({ thisYear }).safeParse(Number(value)) : null;
  if (parsed?.success) return parsed.data;
  throw new Response(pick(await getLang(request), messageOfText(yearMessage({ thisYear }))), { status: 400 });
}
