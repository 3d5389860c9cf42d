/**
 * Which of the profile page's forms an action's answer belongs to. Each form sees only the answer
 * to its own submit: by its intent, and for the cooperatives by the one it was editing. When
 * another form answered, a form is given an answer without messages, so that what it said before
 * goes (its values stay). An answer none of the forms sent (a stale page, a hand-made POST) is
 * shown above them all.
 */
import { useMemo } from "react";
import { asPageReply, type FormReply } from "~/domain/form";

export type Reply = FormReply | null | undefined;
export type ProfileAnswers = {
  /** the answer for the form of this intent (summary, industry, industryYear, group, leader) */
  of: (intent: string) => Reply;
  /** the answer for this cooperative's form (null: the new cooperative's) */
  ofCooperative: (id: number | null) => Reply;
  /** an answer no form claims, all its messages as the whole page's */
  stray: Reply;
};

/** the intents whose form is on the page once */
const SINGLE_FORMS = ["summary", "industry", "industryYear", "group", "leader"];

/** the cooperative `id` a reply was editing ("" for a new one), or null when it is not a cooperative's */
function cooperativeOf(reply: Reply): string | null {
  const value = reply?.initialValue;
  return value?.intent === "cooperative" ? String(value.id ?? "") : null;
}

function isClaimed(reply: FormReply, cooperativeIds: readonly number[]) {
  if (SINGLE_FORMS.includes(String(reply.initialValue?.intent))) return true;
  const coop = cooperativeOf(reply);
  return coop !== null && (coop === "" || cooperativeIds.some((id) => String(id) === coop));
}

export function useProfileAnswers(reply: Reply, cooperativeIds: readonly number[]): ProfileAnswers {
  return useMemo(() => {
    // one object per answer: conform takes it in once, and clears the form's messages
    const cleared: Reply = reply ? { error: {} } : null;
    const stray: Reply = reply && !isClaimed(reply, cooperativeIds) ? asPageReply(reply) : cleared;
    return {
      of: (intent) => (reply?.initialValue?.intent === intent ? reply : cleared),
      ofCooperative: (id) => (cooperativeOf(reply) === (id === null ? "" : String(id)) ? reply : cleared),
      stray,
    };
  }, [reply, cooperativeIds]);
}
