/**
 * A loader's query string through the input layer: the same zod primitives as the forms
 * (app/domain/input.ts), parsed by `parseForm`, so a repeated key is a list, an empty value is
 * missing and nothing raw reaches the database. A bad parameter answers 400 naming it, with its
 * message in the reader's language; a loader that shows the error on its page uses `readQuery`.
 */
import type { ZodTypeAny, output } from "zod";
import { parseForm } from "~/domain/form";
import { pick } from "~/i18n";
import { INVALID_VALUE, type Message } from "~/i18n/message";
import { getLang } from "./lang.server";

export type QueryRead<T> = { ok: true; value: T } | { ok: false; field: string; message: Message };

/** the query's values, or its first bad parameter and that parameter's message */
export function readQuery<S extends ZodTypeAny>(request: Request, schema: S): QueryRead<output<S>> {
  const submission = parseForm(new URL(request.url).searchParams, schema);
  if (submission.status === "success") return { ok: true, value: submission.value };
  const [field, messages] = Object.entries(submission.error ?? {}).find(([, m]) => m && m.length > 0) ?? ["", null];
  return { ok: false, field, message: messages?.[0] ?? INVALID_VALUE };
}

/** a 400 naming the parameter, in the reader's language */
export async function badQuery(request: Request, { field, message }: { field: string; message: Message }): Promise<Response> {
  const said = pick(await getLang(request), message);
  return new Response(field ? `${field}: ${said}` : said, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** the query's values, or a thrown 400 */
export async function parseQuery<S extends ZodTypeAny>(request: Request, schema: S): Promise<output<S>> {
  const read = readQuery(request, schema);
  if (read.ok) return read.value;
  throw await badQuery(request, read);
}
