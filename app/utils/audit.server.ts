import type { Tx } from "@db/client.server";
import { auditLog } from "@db/schema";

/** Who made a change: a signed-in user, or the system (seed, worker) with a null id. */
export type Actor = { id: string | null; name: string; ip?: string | null };

export type AuditEntry = {
  actor: Actor;
  /** what happened, e.g. "income_year.submit" */
  action: string;
  entity: string;
  entityId: string | number;
  villageCode?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** jsonb cannot hold BigInt: amounts go in as decimal strings, exact. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * Writes the audit row of a change. Always called with the transaction handle of the change
 * itself, so the row exists exactly when the change does. The table refuses UPDATE and DELETE.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    actorUserId: entry.actor.id,
    actorName: entry.actor.name.slice(0, 60),
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    villageCode: entry.villageCode ?? null,
    before: toJson(entry.before),
    after: toJson(entry.after),
    ip: entry.ip ?? entry.actor.ip ?? null,
  });
}
