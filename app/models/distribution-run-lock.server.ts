/**
 * What every step of a run after the draft shares: the run locked and its version checked, the
 * action checked against the run's state and the user's capacity, and the version bumped. The
 * steps are in distribution-notice.server.ts (公示, objections) and distribution-approval.server.ts
 * (approval, confirmation, hand-out, correction); distribution-steps.server.ts takes a form's step.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { distributionRuns } from "@db/schema";
import { STEP_MESSAGES } from "~/domain/distribution-form";
import { checkRunAction, type RunAction, type RunCapacity } from "~/domain/distribution-lifecycle";
import { refuse } from "~/domain/refusal";
import type { AuditActor } from "~/utils/audit.server";
import { getLiveRun, type RunRow, type StepResult } from "./distributions.server";
import type { Message } from "~/i18n/message";

export type Common = { db: Db; villageCode: string; year: number; actor: AuditActor; capacity: RunCapacity; today: string };

const STALE: Message = { zh: "方案已被他人更新，请刷新后再操作", en: "The plan was changed by someone else: reload and try again" };
const NO_RUN: Message = { zh: "该年度还没有分配方案", en: "This year has no distribution plan yet" };
export const actorIdOf = (a: AuditActor) => (a === "system" ? null : a.id);
/** a value the form let through that the run refuses, beside its field */
export const bad = (field: keyof typeof STEP_MESSAGES) => refuse("invalid", { field, message: STEP_MESSAGES[field] });

/** Locks the live run, checks its version (when given) and the action, then applies `fn`. */
export async function withRun<R extends { ok: boolean }>(
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

export async function bump(tx: Tx, runId: number, set: Partial<typeof distributionRuns.$inferInsert>) {
  const [u] = await tx
    .update(distributionRuns)
    .set({ ...set, version: sql`${distributionRuns.version} + 1` })
    .where(eq(distributionRuns.id, runId))
    .returning({ version: distributionRuns.version });
  return u.version;
}
