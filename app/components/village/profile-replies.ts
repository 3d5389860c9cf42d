/**
 * Which of the profile page's forms an action's answer belongs to. Each form sees only the answer
 * to its own submit: by its intent, and for the cooperatives by the one it was editing. An answer
 * none of them sent (a stale page, a hand-made POST) is shown above them all.
 */
import type { FormReply } from "~/domain/form";
import type { Message } from "~/i18n/message";

export type Reply = FormReply | null | undefined;

/** the intents whose form is on the page once */
const SINGLE_FORMS = ["summary", "industry", "industryYear", "group", "leader"];

/** the cooperative `id` a reply was editing ("" for a new one), or null when it is not a cooperative's */
function cooperativeOf(reply: Reply): string | null {
  const value = reply?.initialValue;
  return value?.intent === "cooperative" ? String(value.id ?? "") : null;
}

/** the answer to this cooperative's form (null: the new cooperative's) */
export function replyForCooperative(reply: Reply, id: number | null): Reply {
  return cooperativeOf(reply) === (id === null ? "" : String(id)) ? reply : null;
}

/** an answer no form of the page claims, with all its messages as the whole page's; else null */
export function strayReply(reply: Reply, cooperativeIds: readonly number[]): Reply {
  if (!reply) return null;
  if (SINGLE_FORMS.includes(String(reply.initialValue?.intent))) return null;
  const coop = cooperativeOf(reply);
  if (coop !== null && (coop === "" || cooperativeIds.some((id) => String(id) === coop))) return null;
  const messages: Message[] = [];
  for (const list of Object.values(reply.error ?? {})) {
    for (const m of list ?? []) if (!messages.some((seen) => seen.zh === m.zh)) messages.push(m);
  }
  return { ...reply, error: { "": messages } };
}
