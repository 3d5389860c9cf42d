/**
 * A run's steps after the draft, as the run's page gives them: 公示 (and withdrawing it),
 * objections and their answers (distribution-notice.server.ts), the secretary's approval and the
 * town's confirmation, hand-out, and correction by reversal (distribution-approval.server.ts), and
 * the hand-out's place and date (distribution-handout.server.ts). Each is one transaction with its
 * audit row; the run is locked and its version checked (distribution-run-lock.server.ts), so a
 * stale form changes nothing.
 */
import type { DistributionStep } from "~/domain/distribution-form";
import { draftRun, type StepResult } from "./distributions.server";
import { addObjection, answerObjection, startNotice, withdrawNotice } from "./distribution-notice.server";
import { approveRun, confirmRun, correctRun, recordHandout } from "./distribution-approval.server";
import type { Common } from "./distribution-run-lock.server";
import { setHandoutPlace } from "./distribution-handout.server";

/** One step of the run's page, as its form gave it: the model that takes it. */
export async function takeStep(c: Common, step: DistributionStep): Promise<StepResult> {
  switch (step.intent) {
    case "draft":
      return draftRun({ ...c, recordDate: step.recordDate ?? c.today });
    case "notice":
      return startNotice({ ...c, version: step.version, from: step.noticeFrom, to: step.noticeTo });
    case "withdraw":
      return withdrawNotice({ ...c, version: step.version });
    case "objection":
      return addObjection({
        ...c,
        householdCode: step.householdCode ?? "",
        raisedBy: step.raisedBy,
        raisedOn: step.raisedOn,
        content: step.content,
      });
    case "answer":
      return answerObjection({ ...c, objectionId: step.objectionId, answer: step.answer });
    case "approve":
      return approveRun({ ...c, version: step.version });
    case "confirm":
      return confirmRun({ ...c, version: step.version });
    case "place":
      return setHandoutPlace({ ...c, version: step.version, place: step.handoutPlace, on: step.handoutOn });
    case "handout":
      return recordHandout({
        ...c,
        allocationIds: step.scope === "all" ? null : step.allocationId,
        status: step.handout,
        date: step.date ?? "",
        reference: step.reference ?? "",
      });
    case "correct":
      return correctRun({ ...c, version: step.version, reason: step.reason, recordDate: step.recordDate });
  }
}
