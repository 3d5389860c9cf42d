/**
 * Register imports: what the preview checks a file against, and the all-or-nothing commit. A
 * commit runs in one transaction: the register is read (and, for shares, the village's households
 * locked) inside it, every row is checked again (app/domain/register-commit.ts), rows go in by
 * chunks of 500, the village's yearly figures are refreshed once, and one audit row sums it up.
 * Any bad row, or a 户号 added by someone else in the meantime, and nothing is written.
 */
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@db/client.server";
import { householdLeaders, households, shareClasses, shareLedger, villagerGroups } from "@db/schema";
import { recheckHouseholds, recheckShares, lineError } from "~/domain/register-commit";
import type { ImportRefusal } from "~/domain/register-files";
import type { ImportError } from "~/domain/register-import";
import { refuse } from "~/domain/refusal";
import { ledgerEntryFromRow, type HouseholdStatus, type LedgerEntry, type ShareClassKind } from "~/domain/shares";
import { writeAudit, type AuditActor, actorUserId } from "~/utils/audit.server";

const CHUNK = 500;

/** the rows written, or a refusal with every line's error */
export type ImportOutcome = { ok: true; count: number } | ImportRefusal;

const refused = (code: "invalid" | "conflict", errors: ImportError[]): ImportRefusal => ({ ...refuse(code), errors });

// ───────────────────────────── what a file is checked against ─────────────────────────────

export async function householdRegister({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  const [codes, groups, leaders] = await Promise.all([
    db.select({ code: households.code }).from(households).where(eq(households.villageCode, villageCode)),
    db.select({ id: villagerGroups.id, name: villagerGroups.name }).from(villagerGroups).where(eq(villagerGroups.villageCode, villageCode)),
    db
      .select({ id: householdLeaders.id, name: householdLeaders.name })
      .from(householdLeaders)
      .where(eq(householdLeaders.villageCode, villageCode))
      .orderBy(asc(householdLeaders.id)),
  ]);
  const leaderIds = new Map<string, number[]>();
  for (const l of leaders) leaderIds.set(l.name, [...(leaderIds.get(l.name) ?? []), l.id]);
  return {
    existingCodes: new Set(codes.map((c) => c.code)),
    groups: new Map(groups.map((g) => [g.name, g.id])),
    leaders: leaderIds as ReadonlyMap<string, readonly number[]>,
  };
}

export async function shareRegister({ db, villageCode, lock = false }: { db: DbOrTx; villageCode: string; lock?: boolean }) {
  const q = db
    .select({
      id: households.id,
      code: households.code,
      joinedOn: households.joinedOn,
      leftOn: households.leftOn,
      villageCode: households.villageCode,
    })
    .from(households)
    .where(eq(households.villageCode, villageCode))
    .orderBy(asc(households.id));
  // The commit locks the village's households, as appendMovement locks the ones it touches, so a
  // single entry made meanwhile cannot spend a holding the import counted on.
  const hh = lock ? await q.for("update") : await q;
  const [classes, ledger] = await Promise.all([
    db.select({ id: shareClasses.id, kind: shareClasses.kind }).from(shareClasses).where(eq(shareClasses.villageCode, villageCode)),
    db
      .select({
        householdId: shareLedger.householdId,
        shareClassId: shareLedger.shareClassId,
        entryType: shareLedger.entryType,
        quantity: shareLedger.quantity,
        effectiveOn: shareLedger.effectiveOn,
      })
      .from(shareLedger)
      .where(eq(shareLedger.villageCode, villageCode)),
  ]);
  const codeOf = new Map(hh.map((h) => [h.id, h.code]));
  const kindOf = new Map(classes.map((c) => [c.id, c.kind]));
  const entries: LedgerEntry<string, ShareClassKind>[] = [];
  for (const row of ledger) {
    const e = ledgerEntryFromRow(row);
    entries.push({ ...e, householdId: codeOf.get(e.householdId)!, shareClassId: kindOf.get(e.shareClassId)! });
  }
  return {
    households: new Map<string, HouseholdStatus & { id: number }>(hh.map((h) => [h.code, h])),
    classes: new Map<ShareClassKind, number>(classes.map((c) => [c.kind, c.id])),
    ledger: entries,
  };
}

// ───────────────────────────── commits ─────────────────────────────

/** Triggers keep village_year_figures; a bulk load defers them and refreshes once. */
async function deferFigures(tx: Tx) {
  await tx.execute(sql`select set_config('village_ledger.defer_figures', 'on', true)`);
}
async function refreshFigures(tx: Tx, villageCode: string) {
  await tx.execute(sql`select set_config('village_ledger.defer_figures', 'off', true)`);
  await tx.execute(sql`select refresh_village_figures(array[${villageCode}]::text[])`);
}

/** thrown inside an import's transaction to roll it back with the rows' errors (the caller answers them) */
export class ImportRefused extends Error {
  constructor(readonly errors: ImportError[]) {
    super("import refused");
  }
}

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

export async function importHouseholds({
  db,
  villageCode,
  rows,
  fileName,
  today,
  actor,
}: {
  db: Db;
  villageCode: string;
  /** the preview's rows, as they came back: checked again here */
  rows: unknown;
  fileName: string;
  today: string;
  actor: AuditActor;
}): Promise<ImportOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const register = await householdRegister({ db: tx, villageCode });
      const checked = recheckHouseholds(rows, { today, ...register });
      if (!checked.ok) throw new ImportRefused(checked.errors);
      if (checked.rows.length === 0)
        throw new ImportRefused([lineError(0, "file", { zh: "文件中没有可导入的行", en: "The file has no rows to import" })]);
      await deferFigures(tx);
      const ids: number[] = [];
      for (let i = 0; i < checked.rows.length; i += CHUNK) {
        // no one in the register yet: the 成员名册 adds the persons and refreshes the count
        const values = checked.rows.slice(i, i + CHUNK).map(({ line: _line, ...h }) => ({ villageCode, ...h, members: 0 }));
        const inserted = await tx.insert(households).values(values).returning({ id: households.id });
        ids.push(...inserted.map((r) => r.id));
      }
      await refreshFigures(tx, villageCode);
      await writeAudit(tx, {
        actor,
        action: "household.import",
        entity: "household",
        entityId: `import:${ids[0]}-${ids[ids.length - 1]}`,
        villageCode,
        after: {
          fileName,
          count: ids.length,
          households: checked.rows.map((r, i) => ({ id: ids[i], code: r.code, headName: r.headName })),
        },
      });
      return { ok: true as const, count: ids.length };
    });
  } catch (e) {
    if (e instanceof ImportRefused) return refused("invalid", e.errors);
    if (isUniqueViolation(e)) {
      return refused("conflict", [
        lineError(0, "code", {
          zh: "有户号刚被他人登记，请重新预览后再导入",
          en: "Someone has just added one of these household numbers: preview the file again",
        }),
      ]);
    }
    throw e;
  }
}

export async function importShareMovements({
  db,
  villageCode,
  rows,
  fileName,
  today,
  actor,
}: {
  db: Db;
  villageCode: string;
  rows: unknown;
  fileName: string;
  today: string;
  actor: AuditActor;
}): Promise<ImportOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const register = await shareRegister({ db: tx, villageCode, lock: true });
      const checked = recheckShares(rows, { today, ...register });
      if (!checked.ok) throw new ImportRefused(checked.errors);
      if (checked.rows.length === 0)
        throw new ImportRefused([lineError(0, "file", { zh: "文件中没有可导入的行", en: "The file has no rows to import" })]);
      await deferFigures(tx);
      const createdByUserId = actorUserId(actor);
      const values = checked.rows.map(({ line: _line, ...r }) => ({ ...r, villageCode, entryGroup: randomUUID(), createdByUserId }));
      for (let i = 0; i < values.length; i += CHUNK) await tx.insert(shareLedger).values(values.slice(i, i + CHUNK));
      await refreshFigures(tx, villageCode);
      const batch = randomUUID();
      await writeAudit(tx, {
        actor,
        action: "share_ledger.import",
        entity: "share_ledger",
        entityId: `import:${batch}`,
        villageCode,
        after: { fileName, count: values.length, entryGroups: values.map((v) => v.entryGroup), rows: checked.rows },
      });
      return { ok: true as const, count: values.length };
    });
  } catch (e) {
    if (e instanceof ImportRefused) return refused("invalid", e.errors);
    throw e;
  }
}
