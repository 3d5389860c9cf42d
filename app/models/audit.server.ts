import { and, count, desc, eq, gte, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { auditLog, regions, villages } from "@db/schema";
import type { Grant } from "~/domain/scope";

/** Reading the audit trail (writing it is app/utils/audit.server.ts). */

export type AuditFilter = {
  villageCode?: string;
  /** the actor's username, or its beginning */
  actor?: string;
  /** inclusive, as instants */
  from?: Date;
  /** exclusive */
  to?: Date;
};

/**
 * Which rows the grants may read: admins all; a bureau the rows of villages within its region
 * (rows that belong to no village are the admins' alone). Null when none.
 */
function readableBy(grants: readonly Grant[]): SQL | undefined | null {
  if (grants.some((g) => g.role === "admin")) return undefined;
  const parts: SQL[] = [];
  for (const g of grants) {
    if (g.role !== "bureau" || !g.regionCode) continue;
    parts.push(or(eq(villages.countyCode, g.regionCode), eq(villages.cityCode, g.regionCode), eq(villages.provinceCode, g.regionCode))!);
  }
  return parts.length ? or(...parts)! : null;
}

export async function listAudit({
  db,
  grants,
  filter,
  page,
  pageSize,
}: {
  db: DbOrTx;
  grants: readonly Grant[];
  filter: AuditFilter;
  page: number;
  pageSize: number;
}) {
  const scope = readableBy(grants);
  if (scope === null) return { rows: [], total: 0 };
  const where: SQL[] = [];
  if (scope) where.push(scope);
  if (filter.villageCode) where.push(eq(auditLog.villageCode, filter.villageCode));
  if (filter.actor) where.push(ilike(auditLog.actorName, `${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  const condition = where.length ? and(...where) : undefined;
  // a bureau's rows are found through their village; an admin's query needs no join
  const base = () =>
    scope
      ? db.select({ n: count() }).from(auditLog).innerJoin(villages, eq(villages.code, auditLog.villageCode))
      : db.select({ n: count() }).from(auditLog);
  const [{ n }] = await base().where(condition);
  const columns = {
    id: auditLog.id,
    at: auditLog.at,
    actorName: auditLog.actorName,
    action: auditLog.action,
    entity: auditLog.entity,
    entityId: auditLog.entityId,
    villageCode: auditLog.villageCode,
    before: auditLog.before,
    after: auditLog.after,
    ip: auditLog.ip,
  };
  const rows = await (
    scope
      ? db.select(columns).from(auditLog).innerJoin(villages, eq(villages.code, auditLog.villageCode))
      : db.select(columns).from(auditLog)
  )
    .where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const codes = [...new Set(rows.flatMap((r) => (r.villageCode ? [r.villageCode] : [])))];
  const names = codes.length
    ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))
    : [];
  const nameOf = new Map(names.map((r) => [r.code, r.name]));
  return {
    rows: rows.map((r) => ({ ...r, villageName: r.villageCode ? (nameOf.get(r.villageCode) ?? r.villageCode) : null })),
    total: Number(n),
  };
}
