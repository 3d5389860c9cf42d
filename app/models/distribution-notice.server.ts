/**
 * 公示 and withdrawing it, objections raised during the notice and their answers. Each is one
 * transaction with its audit row, on the locked run (distribution-run-lock.server.ts).
 */
import { and, eq } from "drizzle-orm";
import { households, noticeObjections } from "@db/schema";
import { isIsoDate } from "~/domain/dates";
import { STEP_MESSAGES } from "~/domain/distribution-form";
import { validateNoticeDates } from "~/domain/distribution-lifecycle";
import { refuse } from "~/domain/refusal";
import { writeAudit } from "~/utils/audit.server";
import type { StepResult } from "./distributions.server";
import { getRule } from "./rules.server";
import { enqueueRunEvent } from "./outbox.server";
import { queueHouseholdTexts } from "./household-texts.server";
import { actorIdOf, bad, bump, withRun, type Common } from "./distribution-run-lock.server";

/** 公示: from/to dates, from today on, at least the rule's notice days. */
export async function startNotice(c: Common & { version: number; from: string; to: string }): Promise<StepResult> {
  return withRun({ ...c, action: "startNotice" }, async (tx, run) => {
    const rule = await getRule({ db: tx, id: run.ruleId });
    const dates = validateNoticeDates({ from: c.from, to: c.to, noticeDays: rule?.noticeDays ?? 7, today: c.today });
    if (!dates.ok) {
      const [field, message] = Object.entries(dates.errors)[0]!;
      return refuse("invalid", { field, message });
    }
    const version = await bump(tx, run.id, { status: "notice", noticeFrom: dates.from, noticeTo: dates.to });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.notice",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      before: { status: run.status },
      after: { status: "notice", noticeFrom: dates.from, noticeTo: dates.to },
    });
    await enqueueRunEvent(tx, {
      villageCode: c.villageCode,
      year: c.year,
      event: "notice",
      actor: c.actor,
      noticeFrom: dates.from,
      noticeTo: dates.to,
    });
    // each consenting household hears of its own part (nothing is queued when texts are off)
    await queueHouseholdTexts({ tx, runId: run.id, event: "notice", on: c.today });
    return { ok: true as const, runId: run.id, version };
  });
}

/** Back to draft (before the town's confirmation), e.g. when an objection shows the plan wrong. */
export async function withdrawNotice(c: Common & { version: number }): Promise<StepResult> {
  return withRun({ ...c, action: "withdrawNotice" }, async (tx, run) => {
    const version = await bump(tx, run.id, { status: "draft", approvedBySecretary: null, approvedBySecretaryAt: null });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.withdraw_notice",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      before: { status: run.status, noticeFrom: run.noticeFrom, noticeTo: run.noticeTo, approvedBySecretary: run.approvedBySecretary },
      after: { status: "draft" },
    });
    return { ok: true as const, runId: run.id, version };
  });
}

/** An objection raised during the notice, as the secretary records it. */
export async function addObjection(
  c: Common & { householdCode: string; raisedBy: string; raisedOn: string; content: string },
): Promise<StepResult> {
  return withRun({ ...c, action: "objection" }, async (tx, run) => {
    const raisedBy = c.raisedBy.trim();
    const content = c.content.trim();
    if (!raisedBy || raisedBy.length > 50) return bad("raisedBy");
    if (!isIsoDate(c.raisedOn) || c.raisedOn > c.today) return bad("raisedOn");
    if (!content || content.length > 2000) return bad("content");
    let householdId: number | null = null;
    if (c.householdCode.trim()) {
      const [h] = await tx
        .select({ id: households.id })
        .from(households)
        .where(and(eq(households.villageCode, c.villageCode), eq(households.code, c.householdCode.trim())));
      if (!h) return bad("householdCode");
      householdId = h.id;
    }
    const [o] = await tx
      .insert(noticeObjections)
      .values({ runId: run.id, householdId, raisedBy, raisedOn: c.raisedOn, content })
      .returning({ id: noticeObjections.id });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.objection",
      entity: "notice_objection",
      entityId: o.id,
      villageCode: c.villageCode,
      after: { runId: run.id, householdId, raisedBy, raisedOn: c.raisedOn, content },
    });
    return { ok: true as const, runId: run.id, version: run.version };
  });
}

export async function answerObjection(c: Common & { objectionId: number; answer: string }): Promise<StepResult> {
  return withRun({ ...c, action: "objection" }, async (tx, run) => {
    const answer = c.answer.trim();
    if (!answer || answer.length > 2000) return bad("answer");
    const [o] = await tx
      .update(noticeObjections)
      .set({ answer, answeredOn: c.today, answeredBy: actorIdOf(c.actor) })
      .where(and(eq(noticeObjections.id, c.objectionId), eq(noticeObjections.runId, run.id)))
      .returning({ id: noticeObjections.id });
    if (!o) return refuse("not_found", { message: STEP_MESSAGES.noObjection });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.answer",
      entity: "notice_objection",
      entityId: o.id,
      villageCode: c.villageCode,
      after: { answer, answeredOn: c.today },
    });
    return { ok: true as const, runId: run.id, version: run.version };
  });
}
