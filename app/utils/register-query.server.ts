/**
 * A register page's query parameters, checked by a zod schema from app/domain/register-forms.ts:
 * nonsense (?page=abc, ?page=0, a 500-character search) is a 400 in the user's language, never a
 * 500 and never a silent default.
 */
import type { z } from "zod";
import { REGISTER_MESSAGES, queryObject } from "~/domain/register-forms";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { getLang } from "./lang.server";

export async function parseRegisterQuery<S extends z.ZodTypeAny>(request: Request, schema: S, keys: readonly string[]): Promise<z.output<S>> {
  const params = new URL(request.url).searchParams;
  const parsed = schema.safeParse(queryObject(params, keys));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const message = (REGISTER_MESSAGES as Record<string, Message>)[issue?.message ?? ""] ?? REGISTER_MESSAGES.invalid;
  const field = String(issue?.path[0] ?? "");
  throw new Response(`${field ? `${field}: ` : ""}${pick(await getLang(request), message)}`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
