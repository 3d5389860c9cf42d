/**
 * 公示 and withdrawing it, objections raised during the notice and their answers. Each is one
 * transaction with its audit row, on the locked run (distribution-run-lock.server.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { distributionRuns, households, noticeObjections } from "@db/schema";
import { isIsoDate } from "~/domain/dates";
import { STEP_MESSAGES } from "~/domain/distribution-form";
import { noticeWindow, validateNoticeDates } from "~/domain/distribution-lifecycle";
import { MEMBER_OBJECTION_MESSAGES, OBJECTION_MAX } from "~/domain/member-objection";
import { refuse, type Refusal } from "~/domain/refusal";
import type { Grant } from "~/domain/scope";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { runColumns, type StepResult } from "./distributions.server";
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
    // one open objection per household and plan (a unique index): a second is refused, not a 500
    const [o] = await tx
      .insert(noticeObjections)
      .values({ runId: run.id, householdId, raisedBy, raisedOn: c.raisedOn, content })
      .onConflictDoNothing()
      .returning({ id: noticeObjections.id });
    if (!o) return refuse("conflict", { field: "householdCode", message: MEMBER_OBJECTION_MESSAGES.openForSecretary });
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

export type OnlineObjectionResult = { ok: true; objectionId: number; runId: number } | Refusal;

/**
 * An objection a member raises online on /me: only for a household of the member's own grants,
 * only to a plan of that household's village, only while the plan is on notice (from its first
 * to its last day), at most one open (unanswered) per household and plan — a second is a
 * conflict until the village answers the first. One transaction with its audit row, on the
 * locked run, so it cannot slip in beside the notice being withdrawn or approved.
 */
export async function raiseObjectionOnline(c: {
  db: Db;
  actor: Exclude<AuditActor, "system">;
  /** the member's grants: the household must be one of them */
  grants: readonly Grant[];
  /** the member's name as the objection is signed (the account's display name) */
  raisedBy: string;
  householdId: number;
  runId: number;
  content: string;
  today: string;
}): Promise<OnlineObjectionResult> {
  const own = c.grants.some((g) => g.role === "member" && g.householdId === c.householdId);
  if (!own) return refuse("forbidden", { message: MEMBER_OBJECTION_MESSAGES.otherHousehold });
  const content = c.content.trim();
  if (!content) return refuse("invalid", { field: "content", message: MEMBER_OBJECTION_MESSAGES.content });
  if (content.length > OBJECTION_MAX) return refuse("invalid", { field: "content", message: MEMBER_OBJECTION_MESSAGES.tooLong });
  return c.db.transaction(async (tx) => {
    const [household] = await tx
      .select({ villageCode: households.villageCode, code: households.code })
      .from(households)
      .where(eq(households.id, c.householdId));
    const [run] = await tx.select(runColumns).from(distributionRuns).where(eq(distributionRuns.id, c.runId)).for("update");
    if (!household || !run) return refuse("not_found", { message: MEMBER_OBJECTION_MESSAGES.noPlan });
    if (run.villageCode !== household.villageCode) return refuse("forbidden", { message: MEMBER_OBJECTION_MESSAGES.otherVillage });
    const window = run.kind === "regular" ? noticeWindow(run, c.today) : "none";
    if (window !== "open") {
      const message =
        window === "before"
          ? MEMBER_OBJECTION_MESSAGES.before
          : window === "ended"
            ? MEMBER_OBJECTION_MESSAGES.ended
            : MEMBER_OBJECTION_MESSAGES.notOnNotice;
      return refuse("wrong_state", { message });
    }
    const raisedBy = c.raisedBy.trim().slice(0, 50) || household.code;
    const [o] = await tx
      .insert(noticeObjections)
      .values({ runId: run.id, householdId: c.householdId, raisedBy, raisedOn: c.today, content, raisedByUserId: c.actor.id })
      .onConflictDoNothing()
      .returning({ id: noticeObjections.id });
    if (!o) return refuse("conflict", { message: MEMBER_OBJECTION_MESSAGES.open });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.objection",
      entity: "notice_objection",
      entityId: o.id,
      villageCode: run.villageCode,
      after: { runId: run.id, householdId: c.householdId, raisedBy, raisedOn: c.today, raisedOnline: true, content },
    });
    return { ok: true as const, objectionId: o.id, runId: run.id };
  });
}
