import type { DbOrTx, Tx } from "@db/client.server";
import { auditLog } from "@db/schema";
import { now } from "./clock.server";

/** Who did it: a signed-in user, or the system itself (seed, scheduled work). */
export type AuditActor = { id: string; username: string } | "system";
/** the same, under its first name */
export type Actor = AuditActor;

/** The actor a signed-in user's change is recorded under. */
export function actorOf(user: { id: string; username: string }): { id: string; username: string } {
  return { id: user.id, username: user.username };
}

/** The user id for *_by columns: null for the system. */
export function actorUserId(actor: AuditActor): string | null {
  return actor === "system" ? null : actor.id;
}

export type AuditEntry = {
  actor: AuditActor;
  /** what happened, dotted: "user.create", "income_year.approve" … */
  action: string;
  /** the table or concept changed: "user", "income_year" … */
  entity: string;
  entityId: string | number;
  /** set whenever the change belongs to a village: bureaus read the trail by village */
  villageCode?: string | null;
  before?: unknown;
  after?: unknown;
  /** the client's address (app/utils/request.server.ts clientIp) */
  ip?: string | null;
};

/** jsonb cannot hold BigInt (money is fen in bigint): amounts go in as decimal strings, exact. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

/**
 * Writes the audit row of a change. Always call it with the transaction handle of the change
 * itself, so the row exists exactly when the change does. The table refuses UPDATE, DELETE and
 * TRUNCATE (drizzle/0001_append_only.sql). The time comes from app/utils/clock.server.ts.
 */
export async function writeAudit(tx: Tx | DbOrTx, entry: AuditEntry): Promise<void> {
  const actor = entry.actor === "system" ? { id: null, username: "system" } : entry.actor;
  await tx.insert(auditLog).values({
    at: now(),
    actorUserId: actor.id,
    actorName: actor.username.slice(0, 60),
    action: entry.action.slice(0, 60),
    entity: entry.entity.slice(0, 60),
    entityId: String(entry.entityId).slice(0, 60),
    villageCode: entry.villageCode ?? null,
    before: jsonSafe(entry.before),
    after: jsonSafe(entry.after),
    ip: entry.ip ? entry.ip.slice(0, 64) : null,
  });
}
