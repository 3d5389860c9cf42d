/**
 * 发件箱 (transactional outbox): messages are written in the transaction of the change they
 * report (enqueue*), and delivered afterwards by deliverDue, which any number of processes may
 * run against one PostgreSQL: rows are claimed with FOR UPDATE SKIP LOCKED in a short statement
 * (status sending, next_attempt_at = end of the lease, attempts + 1), sent outside any
 * transaction, then marked sent or given a retry time. A claim whose lease ends (the sender
 * crashed or hung) is claimed again; the attempt number fences a late answer of the old sender.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@db/client.server";
import { notifyTargets, outboxMessages, regions, villages, type OutboxPayload } from "@db/schema";
import { incomeYearMessage, runMessage, type IncomeEvent, type RunEvent, type VillageNames } from "~/domain/notify-messages";
import { retryDelayMs, type RobotKind, type RobotMessage, type RobotVerdict } from "~/domain/robots";
import type { AuditActor } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { decryptSecret } from "~/utils/secret-box.server";
import { sendToRobot, type RobotTarget } from "~/utils/robot-sender.server";

/** The app's address for links in messages. */
export function publicBaseUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

const actorName = (a: AuditActor) => (a === "system" ? "系统" : a.username);

async function villageNames(tx: DbOrTx, villageCode: string): Promise<(VillageNames & { townCode: string; countyCode: string }) | null> {
  const [v] = await tx
    .select({ townCode: villages.townCode, countyCode: villages.countyCode })
    .from(villages)
    .where(eq(villages.code, villageCode));
  if (!v) return null;
  const rows = await tx
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, [villageCode, v.townCode, v.countyCode]));
  const name = (c: string) => rows.find((r) => r.code === c)?.name ?? null;
  return { village: name(villageCode) ?? villageCode, town: name(v.townCode), county: name(v.countyCode), townCode: v.townCode, countyCode: v.countyCode };
}

/**
 * Writes one message for every enabled target of the village, its town and its county.
 * Call it with the transaction of the change: rolled back together. Returns the rows written.
 */
export async function enqueueForVillage(
  tx: Tx | DbOrTx,
  a: { villageCode: string; event: string; message: (names: VillageNames) => RobotMessage },
): Promise<number> {
  const names = await villageNames(tx, a.villageCode);
  if (!names) return 0;
  const targets = await tx
    .select({ id: notifyTargets.id })
    .from(notifyTargets)
    .where(and(eq(notifyTargets.enabled, true), inArray(notifyTargets.regionCode, [a.villageCode, names.townCode, names.countyCode])));
  if (targets.length === 0) return 0;
  const payload: OutboxPayload = a.message(names);
  const at = clockNow();
  await tx.insert(outboxMessages).values(targets.map((t) => ({ targetId: t.id, event: a.event.slice(0, 60), payload, nextAttemptAt: at, createdAt: at })));
  return targets.length;
}

/** 收益年度 submitted / returned / approved. */
export function enqueueIncomeYearEvent(tx: Tx, a: { villageCode: string; year: number; event: IncomeEvent; actor: AuditActor; comment?: string | null }) {
  const link = `${publicBaseUrl()}/villages/${a.villageCode}/income/${a.year}`;
  return enqueueForVillage(tx, {
    villageCode: a.villageCode,
    event: `income_year.${a.event}`,
    message: (names) => incomeYearMessage({ event: a.event, names, year: a.year, actor: actorName(a.actor), comment: a.comment, link }),
  });
}

/** 分配方案 to public notice / approved (the town's confirmation). */
export function enqueueRunEvent(tx: Tx, a: { villageCode: string; year: number; event: RunEvent; actor: AuditActor; noticeFrom?: string | null; noticeTo?: string | null }) {
  const link = `${publicBaseUrl()}/villages/${a.villageCode}/distributions/${a.year}`;
  return enqueueForVillage(tx, {
    villageCode: a.villageCode,
    event: `distribution_run.${a.event}`,
    message: (names) => runMessage({ event: a.event, names, year: a.year, actor: actorName(a.actor), noticeFrom: a.noticeFrom, noticeTo: a.noticeTo, link }),
  });
}

type Claimed = { id: number; targetId: number; payload: OutboxPayload; attempts: number };

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Claims up to `limit` due messages (pending, or sending with an ended lease) for this sender. */
export async function claimDue({ db, limit, now, leaseMs }: { db: DbOrTx; limit: number; now: Date; leaseMs: number }): Promise<Claimed[]> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  const result: unknown = await db.execute(sql`
    WITH due AS (
      SELECT id FROM ${outboxMessages}
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= ${now.toISOString()}::timestamptz
       ORDER BY next_attempt_at, id
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE ${outboxMessages} m
       SET status = 'sending', attempts = m.attempts + 1, next_attempt_at = ${leaseEnd.toISOString()}::timestamptz
      FROM due
     WHERE m.id = due.id
    RETURNING m.id, m.target_id, m.payload, m.attempts`);
  return rowsOf<{ id: number | string; target_id: number; payload: OutboxPayload | string; attempts: number }>(result).map((r) => ({
    id: Number(r.id),
    targetId: Number(r.target_id),
    payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as OutboxPayload) : r.payload,
    attempts: Number(r.attempts),
  }));
}

export type Sender = (target: RobotTarget, message: RobotMessage) => Promise<RobotVerdict>;

export type DeliverOptions = {
  db: DbOrTx;
  /** the time of this pass (default: the app clock) */
  now?: Date;
  limit?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** default: sendToRobot */
  send?: Sender;
  /** 0..1, for the jitter (default Math.random) */
  random?: () => number;
  /** backoff base (default 30 s) */
  retryBaseMs?: number;
};

export type DeliverReport = { claimed: number; sent: number; retried: number; failed: number };

/** One pass of the worker: claim, send (outside any transaction), record. */
export async function deliverDue(o: DeliverOptions): Promise<DeliverReport> {
  const env = getEnv();
  const at = o.now ?? clockNow();
  const maxAttempts = o.maxAttempts ?? env.OUTBOX_MAX_ATTEMPTS;
  const send = o.send ?? ((t, m) => sendToRobot(t, m));
  const random = o.random ?? Math.random;
  const claimed = await o.db.transaction((tx) => claimDue({ db: tx, limit: o.limit ?? 20, now: at, leaseMs: o.leaseMs ?? env.OUTBOX_LEASE_SECONDS * 1000 }));
  const report: DeliverReport = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
  if (claimed.length === 0) return report;
  const targets = await o.db
    .select({ id: notifyTargets.id, kind: notifyTargets.kind, webhookUrl: notifyTargets.webhookUrl, secretCiphertext: notifyTargets.secretCiphertext, enabled: notifyTargets.enabled })
    .from(notifyTargets)
    .where(inArray(notifyTargets.id, [...new Set(claimed.map((c) => c.targetId))]));
  for (const msg of claimed) {
    const target = targets.find((t) => t.id === msg.targetId);
    let verdict: RobotVerdict;
    let final = false;
    if (!target || !target.enabled) {
      verdict = { ok: false, error: "target disabled" };
      final = true;
    } else {
      let secret: string | null = null;
      try {
        secret = target.secretCiphertext ? decryptSecret(target.secretCiphertext) : null;
        verdict = await send({ kind: target.kind as RobotKind, webhookUrl: target.webhookUrl, secret }, msg.payload);
      } catch (e) {
        verdict = { ok: false, error: `secret: ${(e as Error).message}` };
      }
    }
    const sentAt = clockNow();
    const mine = and(eq(outboxMessages.id, msg.id), eq(outboxMessages.status, "sending"), eq(outboxMessages.attempts, msg.attempts));
    if (verdict.ok) {
      await o.db.update(outboxMessages).set({ status: "sent", sentAt, lastError: null }).where(mine);
      report.sent++;
    } else if (final || msg.attempts >= maxAttempts) {
      await o.db.update(outboxMessages).set({ status: "failed", lastError: verdict.error.slice(0, 1000) }).where(mine);
      report.failed++;
    } else {
      const next = new Date(at.getTime() + retryDelayMs(msg.attempts, random(), o.retryBaseMs));
      await o.db.update(outboxMessages).set({ status: "pending", nextAttemptAt: next, lastError: verdict.error.slice(0, 1000) }).where(mine);
      report.retried++;
    }
  }
  return report;
}
