import { useMemo } from "react";
import type { FormReply } from "~/domain/form";

/** clears a form's messages and keeps what is typed in it */
const CLEARED = (): FormReply => ({ error: {} });
/** resets a form to what the page now holds (conform resets on an answer whose initialValue is null) */
const RESET: FormReply = { initialValue: null };

/**
 * The answer one form of a page with several sees (pass it to useFormReply without `intent`):
 * the answer to its own submit; after another form's, one that clears its messages but keeps what
 * is typed in it; once the page is loaded again (a save redirected back, a search), one that
 * resets it to the page's values — as the forms did before they were conform's. conform itself
 * keeps a form's last messages and values while its `lastResult` is null.
 */
export function useFormAnswer(lastResult: FormReply | undefined, mine: (answer: FormReply) => boolean): FormReply {
  const own = lastResult ? mine(lastResult) : false;
  return useMemo(() => (!lastResult ? RESET : own ? lastResult : CLEARED()), [lastResult, own]);
}

/** whether an answer is to the submit of `intent` */
export const answersIntent =
  (...intents: string[]) =>
  (answer: FormReply) =>
    intents.includes(String(answer.initialValue?.intent));
