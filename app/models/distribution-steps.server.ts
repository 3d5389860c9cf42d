/**
 * A run's steps after the draft: 公示 (and withdrawing it), objections and their answers, the
 * secretary's approval and the town's confirmation (two people, after the notice ends), hand-out,
 * and correction by reversal. Each is one transaction with its audit row; the run is locked and
 * its version checked, so a stale form changes nothing.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { distributionAllocations, distributionRuns, households, noticeObjections } from "@db/schema";
import { isIsoDate } from "~/domain/dates";
import { STEP_MESSAGES, type DistributionStep } from "~/domain/distribution-form";
import { checkRunAction, validateNoticeDates, type RunAction, type RunCapacity } from "~/domain/distribution-lifecycle";
import type { HandoutStatus } from "~/domain/distribution-sheets";
import { refuse } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { draftInTx, draftRun, getLiveRun, type RunRow, type StepResult } from "./distributions.server";
import { getRule } from "./rules.server";
import { enqueueRunEvent } from "./outbox.server";
import type { Message } from "~/i18n/message";

type Common = { db: Db; villageCode: string; year: number; actor: AuditActor; capacity: RunCapacity; today: string };

const STALE: Message = { zh: "方案已被他人更新，请刷新后再操作", en: "The plan was changed by someone else: reload and try again" };
const NO_RUN: Message = { zh: "该年度还没有分配方案", en: "This year has no distribution plan yet" };
const actorIdOf = (a: AuditActor) => (a === "system" ? null : a.id);
/** a value the form let through that the run refuses, beside its field */
const bad = (field: keyof typeof STEP_MESSAGES) => refuse("invalid", { field, message: STEP_MESSAGES[field] });

/** Locks the live run, checks its version (when given) and the action, then applies `fn`. */
async function withRun<R extends { ok: boolean }>(
  c: Common & { version?: number; action: RunAction },
  fn: (tx: Tx, run: RunRow) => Promise<R>,
): Promise<R | StepResult> {
  return c.db.transaction(async (tx) => {
    const run = await getLiveRun({ db: tx, villageCode: c.villageCode, year: c.year, forUpdate: true });
    if (!run) return refuse("not_found", { message: NO_RUN });
    if (c.version !== undefined && run.version !== c.version) return refuse("version_conflict", { message: STALE });
    const check = checkRunAction(run, c.action, c.capacity, actorIdOf(c.actor), c.today);
    if (!check.ok) return check;
    return fn(tx, run);
  });
}

async function bump(tx: Tx, runId: number, set: Partial<typeof distributionRuns.$inferInsert>) {
  const [u] = await tx
    .update(distributionRuns)
    .set({ ...set, version: sql`${distributionRuns.version} + 1` })
    .where(eq(distributionRuns.id, runId))
    .returning({ version: distributionRuns.version });
  return u.version;
}

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

/** The secretary's approval, after the notice ends and every objection is answered. */
export async function approveRun(c: Common & { version: number }): Promise<StepResult> {
  return withRun({ ...c, action: "approve" }, async (tx, run) => {
    const [{ open }] = await tx
      .select({ open: count() })
      .from(noticeObjections)
      .where(and(eq(noticeObjections.runId, run.id), sql`${noticeObjections.answer} is null`));
    if (Number(open) > 0)
      return refuse("wrong_state", { message: { zh: `尚有${open}条异议未答复`, en: `${open} objection(s) still unanswered` } });
    const version = await bump(tx, run.id, { approvedBySecretary: actorIdOf(c.actor), approvedBySecretaryAt: now() });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.approve",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      before: { status: run.status },
      after: { approvedBySecretary: actorIdOf(c.actor) },
    });
    return { ok: true as const, runId: run.id, version };
  });
}

/** The town officer's confirmation: a second person; the plan is approved and frozen from here. */
export async function confirmRun(c: Common & { version: number }): Promise<StepResult> {
  return withRun({ ...c, action: "confirm" }, async (tx, run) => {
    const version = await bump(tx, run.id, { status: "approved", confirmedByTown: actorIdOf(c.actor), confirmedByTownAt: now() });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.confirm",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      before: { status: run.status },
      after: { status: "approved", confirmedByTown: actorIdOf(c.actor) },
    });
    await enqueueRunEvent(tx, { villageCode: c.villageCode, year: c.year, event: "approved", actor: c.actor });
    return { ok: true as const, runId: run.id, version };
  });
}

/**
 * Marks households as paid (cash) or collected (goods) — or back to pending — with a date and a
 * reference; `allocationIds` null marks every household still pending. The run is 已发放 once
 * no household with something to receive is pending.
 */
export async function recordHandout(
  c: Common & { allocationIds: number[] | null; status: HandoutStatus; date: string; reference: string },
): Promise<StepResult & { marked?: number }> {
  return withRun({ ...c, action: "handout" }, async (tx, run) => {
    const reference = c.reference.trim();
    if (c.status !== "pending" && (!isIsoDate(c.date) || c.date > c.today))
      return refuse("invalid", { field: "date", message: STEP_MESSAGES.handoutDate });
    if (reference.length > 100) return bad("reference");
    // the households are ticked in the table, outside the form: the whole form's message
    if (c.allocationIds && c.allocationIds.length === 0) return refuse("invalid", { message: STEP_MESSAGES.households });
    const something = sql`(${distributionAllocations.cashFen} <> 0 or ${distributionAllocations.inKindUnits} <> 0)`;
    const where = and(
      eq(distributionAllocations.runId, run.id),
      something,
      c.allocationIds ? inArray(distributionAllocations.id, c.allocationIds) : eq(distributionAllocations.handout, "pending"),
    );
    const marked = await tx
      .update(distributionAllocations)
      .set(
        c.status === "pending"
          ? { handout: "pending", handedOutOn: null, handoutReference: null }
          : { handout: c.status, handedOutOn: c.date, handoutReference: reference || null },
      )
      .where(where)
      .returning({ id: distributionAllocations.id, householdId: distributionAllocations.householdId });
    const [{ pending }] = await tx
      .select({ pending: count() })
      .from(distributionAllocations)
      .where(and(eq(distributionAllocations.runId, run.id), something, eq(distributionAllocations.handout, "pending")));
    const nextStatus = Number(pending) === 0 ? "handed_out" : "approved";
    const version = nextStatus !== run.status ? await bump(tx, run.id, { status: nextStatus }) : run.version;
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.handout",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      after: { status: c.status, date: c.date, reference, households: marked.map((m) => m.householdId), runStatus: nextStatus },
    });
    return { ok: true as const, runId: run.id, version, marked: marked.length };
  });
}

/**
 * Corrects an approved run: a reversal run negating it (kind reversal, approved, pointing at the
 * old one), the old run marked reversed, and a new draft from today's registers — one transaction,
 * each step audited.
 */
export async function correctRun(
  c: Common & { version: number; reason: string; recordDate?: string },
): Promise<StepResult & { reversalId?: number }> {
  return withRun({ ...c, action: "correct" }, async (tx, run) => {
    const reason = c.reason.trim();
    if (!reason || reason.length > 500) return bad("reason");
    const recordDate = c.recordDate?.trim() || run.recordDate;
    if (!isIsoDate(recordDate)) return bad("recordDate");
    const neg = (v: bigint) => -v;
    const [rev] = await tx
      .insert(distributionRuns)
      .values({
        villageCode: run.villageCode,
        year: run.year,
        kind: "reversal",
        reversesRunId: run.id,
        incomeYearId: run.incomeYearId,
        ruleId: run.ruleId,
        status: "approved",
        recordDate: run.recordDate,
        distributableFen: neg(run.distributableFen),
        lossesToCoverFen: neg(run.lossesToCoverFen),
        baseFen: neg(run.baseFen),
        retainedFen: neg(run.retainedFen),
        dividendPoolFen: neg(run.dividendPoolFen),
        rewardsFen: neg(run.rewardsFen),
        splitPoolFen: neg(run.splitPoolFen),
        leftoverFen: neg(run.leftoverFen),
        extractions: run.extractions.map((e) => ({ name: e.name, amountFen: String(-BigInt(e.amountFen)) })),
        requestSnapshot: run.requestSnapshot,
        approvedBySecretary: actorIdOf(c.actor),
        approvedBySecretaryAt: now(),
        createdBy: actorIdOf(c.actor),
        source: `冲销更正 / reversal: ${reason}`,
      })
      .returning({ id: distributionRuns.id });
    await tx.execute(sql`
      insert into distribution_allocations (run_id, household_id, shares, members, eligible, reward_fen, share_fen, cash_fen, in_kind_units, in_kind_value_fen)
      select ${rev.id}, household_id, shares, members, eligible, -reward_fen, -share_fen, -cash_fen, -in_kind_units, -in_kind_value_fen
      from distribution_allocations where run_id = ${run.id}`);
    await bump(tx, run.id, { status: "reversed" });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.reverse",
      entity: "distribution_run",
      entityId: rev.id,
      villageCode: c.villageCode,
      before: { runId: run.id, status: run.status, dividendPoolFen: run.dividendPoolFen },
      after: { reversalRunId: rev.id, reversesRunId: run.id, reason },
    });
    const fresh = await draftInTx(tx, {
      villageCode: c.villageCode,
      year: c.year,
      recordDate,
      actor: c.actor,
      capacity: c.capacity,
      today: c.today,
    });
    if (!fresh.ok) throw new StepAbort(fresh);
    return { ok: true as const, runId: fresh.runId, version: fresh.version, reversalId: rev.id };
  }).catch((e: unknown) => {
    if (e instanceof StepAbort) return e.result;
    throw e;
  });
}

/** Rolls the transaction back and hands its refusal to the caller. */
class StepAbort extends Error {
  constructor(readonly result: Exclude<StepResult, { ok: true }>) {
    super(result.message?.en ?? result.code);
  }
}

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
