import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx, Db } from "@db/client.server";
import { incomeLines, incomeYears, villageIndustries, industries } from "@db/schema";
import { computeYearTotals, isExpenseKind, type LineKind } from "~/domain/income";
import { checkTransition, type Capacity, type Transition } from "~/domain/income-workflow";
import { refuse, type Refusal } from "~/domain/refusal";
import type { Message } from "~/i18n/message";
import { writeAudit, type AuditActor as Actor, actorUserId } from "~/utils/audit.server";
import { enqueueIncomeYearEvent } from "./outbox.server";

export type LineInput = {
  kind: LineKind;
  villageIndustryId: number | null;
  description: string;
  amountFen: bigint;
  varianceNote: string | null;
};

const yearColumns = {
  id: incomeYears.id,
  villageCode: incomeYears.villageCode,
  year: incomeYears.year,
  status: incomeYears.status,
  version: incomeYears.version,
  carriedOverFen: incomeYears.carriedOverFen,
  lossesToCoverFen: incomeYears.lossesToCoverFen,
  operatingIncomeFen: incomeYears.operatingIncomeFen,
  expensesFen: incomeYears.expensesFen,
  netOperatingIncomeFen: incomeYears.netOperatingIncomeFen,
  subsidyFen: incomeYears.subsidyFen,
  distributableFen: incomeYears.distributableFen,
  statedNote: incomeYears.statedNote,
  returnComment: incomeYears.returnComment,
  unlockReason: incomeYears.unlockReason,
  submittedAt: incomeYears.submittedAt,
  approvedAt: incomeYears.approvedAt,
  source: incomeYears.source,
  updatedAt: incomeYears.updatedAt,
};

async function linesOf(db: DbOrTx, incomeYearId: number) {
  return db
    .select({
      id: incomeLines.id,
      direction: incomeLines.direction,
      kind: incomeLines.kind,
      villageIndustryId: incomeLines.villageIndustryId,
      description: incomeLines.description,
      amountFen: incomeLines.amountFen,
      varianceNote: incomeLines.varianceNote,
      position: incomeLines.position,
    })
    .from(incomeLines)
    .where(eq(incomeLines.incomeYearId, incomeYearId))
    .orderBy(asc(incomeLines.position), asc(incomeLines.id));
}

export type IncomeYearView = NonNullable<Awaited<ReturnType<typeof getIncomeYear>>>;

/** One year with its lines, or null when the village has not started it. */
export async function getIncomeYear({ db, villageCode, year }: { db: DbOrTx; villageCode: string; year: number }) {
  const [row] = await db
    .select(yearColumns)
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year)));
  if (!row) return null;
  return { ...row, lines: await linesOf(db, row.id) };
}

/** The village's industries, for the line form's industry choice. */
export async function listIndustryChoices({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  return db
    .select({ id: villageIndustries.id, nameZh: industries.nameZh, nameEn: industries.nameEn })
    .from(villageIndustries)
    .innerJoin(industries, eq(industries.id, villageIndustries.industryId))
    .where(eq(villageIndustries.villageCode, villageCode))
    .orderBy(asc(villageIndustries.position));
}

export type SaveResult =
  | { ok: true; version: number }
  | (Refusal<"forbidden" | "wrong_state" | "invalid" | "version_conflict"> & { current?: IncomeYearView | null });

const STALE: Message = {
  zh: "已被他人修改：请对照下方的最新版本后再保存",
  en: "Changed by someone else: compare with the latest version below, then save again",
};

/**
 * Saves the whole year (its lines replace the old ones) if `version` is still the stored one —
 * version 0 creates the year. A stale version changes nothing and returns the current year so
 * the user can see both.
 */
export async function saveIncomeYear({
  db,
  villageCode,
  year,
  version,
  carriedOverFen,
  lossesToCoverFen,
  lines,
  actor,
  capacity,
}: {
  db: Db;
  villageCode: string;
  year: number;
  version: number;
  carriedOverFen: bigint;
  lossesToCoverFen: bigint;
  lines: LineInput[];
  actor: Actor;
  capacity: Capacity;
}): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select(yearColumns)
      .from(incomeYears)
      .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year)))
      .for("update");
    if ((current?.version ?? 0) !== version) {
      return { ...refuse("version_conflict", { message: STALE }), current: await getIncomeYear({ db: tx, villageCode, year }) };
    }
    const check = checkTransition(current?.status ?? "draft", "save", capacity);
    if (!check.ok) return check;

    const totals = computeYearTotals(lines, carriedOverFen);
    const values = {
      carriedOverFen,
      lossesToCoverFen,
      operatingIncomeFen: totals.operatingIncomeFen,
      expensesFen: totals.expensesFen,
      netOperatingIncomeFen: totals.netOperatingIncomeFen,
      subsidyFen: totals.subsidyFen,
      distributableFen: totals.distributableFen,
      updatedAt: new Date(),
    };
    let id: number;
    let nextVersion: number;
    if (!current) {
      const [created] = await tx
        .insert(incomeYears)
        .values({ villageCode, year, source: "村级填报 / entered by the village", ...values })
        .returning({ id: incomeYears.id, version: incomeYears.version });
      id = created.id;
      nextVersion = created.version;
    } else {
      const [updated] = await tx
        .update(incomeYears)
        .set({ ...values, version: sql`${incomeYears.version} + 1` })
        .where(and(eq(incomeYears.id, current.id), eq(incomeYears.version, version)))
        .returning({ version: incomeYears.version });
      if (!updated)
        return { ...refuse("version_conflict", { message: STALE }), current: await getIncomeYear({ db: tx, villageCode, year }) };
      id = current.id;
      nextVersion = updated.version;
      await tx.delete(incomeLines).where(eq(incomeLines.incomeYearId, id));
    }
    if (lines.length) {
      await tx.insert(incomeLines).values(
        lines.map((l, i) => ({
          incomeYearId: id,
          direction: isExpenseKind(l.kind) ? ("expense" as const) : ("income" as const),
          kind: l.kind,
          villageIndustryId: l.villageIndustryId,
          description: l.description,
          amountFen: l.amountFen,
          varianceNote: l.varianceNote,
          position: i + 1,
        })),
      );
    }
    await writeAudit(tx, {
      actor,
      action: current ? "income_year.save" : "income_year.create",
      entity: "income_year",
      entityId: id,
      villageCode,
      before: current ? { ...current, lines: undefined } : null,
      after: { year, version: nextVersion, ...values, lines },
    });
    return { ok: true, version: nextVersion };
  });
}

/**
 * Moves a year through its approval. A repeated click of the same transition (the year is
 * already where it was sent) writes nothing and succeeds, so a double-clicked submit writes once.
 */
export async function transitionIncomeYear({
  db,
  villageCode,
  year,
  version,
  transition,
  text,
  actor,
  capacity,
  blockers = [],
}: {
  db: Db;
  villageCode: string;
  year: number;
  version: number;
  transition: Exclude<Transition, "save">;
  text?: string | null;
  actor: Actor;
  capacity: Capacity;
  /** reasons the year cannot be submitted yet (unexplained variances) */
  blockers?: Message[];
}): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select(yearColumns)
      .from(incomeYears)
      .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year)))
      .for("update");
    if (!current) return refuse("wrong_state", { message: { zh: "该年度尚未填报", en: "This year has not been entered" } });
    const target = { submit: "submitted", approve: "approved", return: "returned", unlock: "draft" }[transition];
    if (current.version === version + 1 && current.status === target) return { ok: true, version: current.version };
    if (current.version !== version)
      return { ...refuse("version_conflict", { message: STALE }), current: await getIncomeYear({ db: tx, villageCode, year }) };
    const check = checkTransition(current.status, transition, capacity, text);
    if (!check.ok) return check;
    if (transition === "submit" && blockers.length) return refuse("invalid", { message: blockers[0] });

    const now = new Date();
    const changes =
      transition === "submit"
        ? { submittedAt: now, submittedBy: actorUserId(actor), returnComment: null }
        : transition === "approve"
          ? { approvedAt: now, approvedBy: actorUserId(actor) }
          : transition === "return"
            ? { returnComment: text!.trim() }
            : { unlockReason: text!.trim(), approvedAt: null, approvedBy: null };
    const [updated] = await tx
      .update(incomeYears)
      .set({ ...changes, status: check.next, version: sql`${incomeYears.version} + 1`, updatedAt: now })
      .where(and(eq(incomeYears.id, current.id), eq(incomeYears.version, version)))
      .returning({ version: incomeYears.version });
    await writeAudit(tx, {
      actor,
      action: `income_year.${transition}`,
      entity: "income_year",
      entityId: current.id,
      villageCode,
      before: { status: current.status, version: current.version },
      after: { status: check.next, version: updated.version, ...changes },
    });
    // the groups above hear of it in the same transaction (app/models/outbox.server.ts)
    if (transition !== "unlock") await enqueueIncomeYearEvent(tx, { villageCode, year, event: transition, actor, comment: text });
    return { ok: true, version: updated.version };
  });
}

/** Last year's lines, for the variance check. */
export async function getPreviousYearLines({ db, villageCode, year }: { db: DbOrTx; villageCode: string; year: number }) {
  const prev = await getIncomeYear({ db, villageCode, year: year - 1 });
  return prev?.lines ?? [];
}
