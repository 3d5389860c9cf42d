/** Which plan's objection form an answer of POST /me belongs to: the one whose run it names. */
import type { FormReply } from "~/domain/form";

export type Reply = FormReply | null | undefined;

/** the answer to the objection form of plan `runId`, else null */
export function replyForRun(reply: Reply, runId: number): Reply {
  return reply && String(reply.initialValue?.runId ?? "") === String(runId) ? reply : null;
}
