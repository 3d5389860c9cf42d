/**
 * Which of the run page's forms an action's answer belongs to. A step with fields answers beside
 * them, in its own form, when that form is on the page; an answer to a button (withdraw, approve,
 * confirm), to a form the run's state no longer shows, to an objection not listed, or to no form
 * at all (a stale page, a hand-made POST) is shown above the steps with all its messages.
 */
import { asPageReply, type FormReply } from "~/domain/form";

export type Reply = FormReply | null | undefined;

type RunForForms = {
  status: "draft" | "notice" | "approved" | "handed_out" | "reversed";
  objections: { id: number; answer: string | null }[];
} | null;
type Capacity = { canWrite: boolean; canConfirm: boolean };

/** The step forms with fields the page shows for a run in its state, to whoever may take them. */
export function stepForms(run: RunForForms, capacity: Capacity, canDraft: boolean) {
  const status = run?.status;
  const handedOut = status === "approved" || status === "handed_out";
  return {
    draft: capacity.canWrite && canDraft && (!run || status === "draft"),
    notice: capacity.canWrite && status === "draft",
    objection: capacity.canWrite && status === "notice",
    /** the objections that can still be answered on the page */
    answerable: capacity.canWrite && status === "notice" ? (run?.objections ?? []).filter((o) => !o.answer).map((o) => o.id) : [],
    /** the hand-out's place and date: set and changed until everything is handed out */
    place: capacity.canWrite && status === "approved",
    handout: capacity.canWrite && handedOut,
    correct: capacity.canWrite && handedOut,
  };
}
export type StepForms = ReturnType<typeof stepForms>;

const intentOf = (reply: Reply) => String(reply?.initialValue?.intent ?? "");

/** the answer to one objection's form */
export function replyForAnswer(reply: Reply, objectionId: number): Reply {
  return intentOf(reply) === "answer" && String(reply?.initialValue?.objectionId ?? "") === String(objectionId) ? reply : null;
}

/** an answer no form on the page claims, with all its messages as the page's; else null */
export function strayReply(reply: Reply, forms: StepForms): Reply {
  if (!reply) return null;
  const intent = intentOf(reply);
  if (intent === "answer" && forms.answerable.some((id) => replyForAnswer(reply, id))) return null;
  if (intent !== "answer" && intent in forms && forms[intent as keyof StepForms] === true) return null;
  return asPageReply(reply);
}
