/**
 * The secretary's approval and the town's confirmation (two people, after the notice ends),
 * hand-out, and correction by reversal. Each is one transaction with its audit row, on the locked
 * run (distribution-run-lock.server.ts), so a stale form changes nothing.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { distributionAllocations, distributionRuns, noticeObjections } from "@db/schema";
import { isIsoDate } from "~/domain/dates";
import { STEP_MESSAGES } from "~/domain/distribution-form";
import type { HandoutStatus } from "~/domain/distribution-sheets";
import { refuse } from "~/domain/refusal";
import { writeAudit } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { draftInTx, type StepResult } from "./distributions.server";
import { enqueueRunEvent } from "./outbox.server";
import { actorIdOf, bad, bump, withRun, type Common } from "./distribution-run-lock.server";

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
