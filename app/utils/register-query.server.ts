/**
 * A register page's query parameters through the forms' spine (`parseForm(url.searchParams,
 * schema)`, schemas in app/domain/register-forms.ts): nonsense (?page=abc, ?page=0, a
 * 500-character search, a NUL) is a 400 naming the parameter, in the user's language — never a
 * 500 and never a silent default. Parameters the schema does not name are ignored.
 */
import type { z } from "zod";
import { parseForm } from "~/domain/form";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { getLang } from "./lang.server";

/** A 400 whose body is `<parameter>: <message>` in the user's language. */
export async function badQuery(request: Request, field: string, message: Message): Promise<never> {
  throw new Response(`${field ? `${field}: ` : ""}${pick(await getLang(request), message)}`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export async function parseRegisterQuery<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.output<S>> {
  const submission = parseForm(new URL(request.url).searchParams, schema);
  if (submission.status === "success") return submission.value;
  const [field, messages] = Object.entries(submission.error ?? {}).find(([, m]) => m?.length) ?? ["", null];
  return badQuery(request, field, messages?.[0] ?? { zh: "请求无效", en: "Invalid request" });
}
