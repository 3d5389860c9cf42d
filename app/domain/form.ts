/**
 * The forms' spine (conform + zod, as in the Epic Stack): a route parses its FormData or query
 * with `parseForm`, answers `submission.reply()` on failure, and the page's `useForm` shows each
 * field's messages beside its input. Messages travel in both languages (`Message[]`), so the
 * page picks the reader's.
 */
import { parseWithZod } from "@conform-to/zod";
import type { Submission, SubmissionResult } from "@conform-to/react";
import type { ZodIssue, ZodTypeAny, input, output } from "zod";
import { messageOfText, type Message } from "~/i18n/message";

export type FormErrors = Message[];
/** what an action gives back to its form */
export type FormReply = SubmissionResult<FormErrors>;
export type FormSubmission<S extends ZodTypeAny> = Submission<input<S>, FormErrors, output<S>>;

/** a custom issue's message: `params.message` when the text is not fixed, else the said text */
export function messageOfIssue(issue: ZodIssue): Message {
  const given = (issue as { params?: { message?: Message } }).params?.message;
  return given ?? messageOfText(issue.message);
}

function formatError(issues: ZodIssue[]): FormErrors {
  const seen = new Set<string>();
  const out: FormErrors = [];
  for (const issue of issues) {
    const m = messageOfIssue(issue);
    if (seen.has(m.zh)) continue;
    seen.add(m.zh);
    out.push(m);
  }
  return out;
}

/** conform's own names: what its list buttons send (`__intent__`) and its state, JSON it parses */
const RESERVED = new Set(["__intent__", "__state__"]);

function withoutReserved(payload: FormData | URLSearchParams): FormData | URLSearchParams {
  if (payload instanceof URLSearchParams) return new URLSearchParams([...payload].filter(([k]) => !RESERVED.has(k)));
  const out = new FormData();
  for (const [k, v] of payload) if (!RESERVED.has(k)) out.append(k, v);
  return out;
}

function parsed<S extends ZodTypeAny>(payload: FormData | URLSearchParams, schema: S): FormSubmission<S> {
  try {
    return parseWithZod(payload, { schema, formatError }) as FormSubmission<S>;
  } catch {
    return parseWithZod(withoutReserved(payload), { schema, formatError }) as FormSubmission<S>;
  }
}

/**
 * FormData (or a URL's query) through a schema; never throws: a broken or forged `__intent__`
 * or `__state__` (not JSON, a file, an intent naming nothing), on which conform throws, is
 * dropped and the rest parsed as a plain submission. A form's `intent` is its submit button, not
 * a field anyone sees, so a bad intent is the whole form's error.
 */
export function parseForm<S extends ZodTypeAny>(payload: FormData | URLSearchParams, schema: S): FormSubmission<S> {
  const submission = parsed(payload, schema);
  const errors = submission.status === "error" ? submission.error : undefined;
  if (errors?.intent) {
    errors[""] = [...(errors[""] ?? []), ...errors.intent];
    delete errors.intent;
  }
  return submission;
}

/**
 * An answer no form of the page claims (a stale page, a hand-made POST), with all its messages,
 * each once, as the whole page's, to show above the forms.
 */
export function asPageReply(reply: FormReply): FormReply {
  const messages: Message[] = [];
  for (const list of Object.values(reply.error ?? {})) {
    for (const m of list ?? []) if (!messages.some((seen) => seen.zh === m.zh)) messages.push(m);
  }
  return { ...reply, error: { "": messages } };
}
