/**
 * 发件箱 (transactional outbox): messages are written in the transaction of the change they
 * report (enqueue*), and delivered afterwards by deliverDue, which any number of processes may
 * run against one PostgreSQL: rows are claimed with FOR UPDATE SKIP LOCKED in a short statement
 * (status sending, next_attempt_at = end of the lease, attempts + 1), sent outside any
 * transaction, then marked sent or given a retry time. A claim whose lease ends (the sender
 * crashed or hung) is claimed again; the attempt number fences a late answer of the old sender.
 * No row is sent on a lease that may have ended: each is renewed, still ours and unexpired, in the
 * statement before its send, and the lease (≥ 2 × ROBOT_TIMEOUT_MS, checked in env) outlasts the send.
 * Two channels share the queue: robot rows go to a group robot (target_id), sms rows are texts
 * to a household's number (recipient_phone, written by app/models/household-texts.server.ts).
 */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { rowsOf, type DbOrTx, type Tx } from "@db/client.server";
import { notifyTargets, outboxMessages, regions, villages, type OutboxPayload } from "@db/schema";
import { incomeYearMessage, runMessage, type IncomeEvent, type RunEvent, type VillageNames } from "~/domain/notify-messages";
import { retryDelayMs, type RobotFailure, type RobotKind, type RobotMessage, type RobotVerdict } from "~/domain/robots";
import { isFinalSmsFailure, type SmsFailure, type SmsPayload, type SmsVerdict } from "~/domain/sms";
import type { AuditActor } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { getEnv } from "~/utils/env.server";
import { decryptSecret } from "~/utils/secret-box.server";
import { sendToRobot, type RobotTarget } from "~/utils/robot-sender.server";
import { sendText, type TextMessage } from "~/utils/sms-sender.server";

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
  return {
    village: name(villageCode) ?? villageCode,
    town: name(v.townCode),
    county: name(v.countyCode),
    townCode: v.townCode,
    countyCode: v.countyCode,
  };
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
  await tx
    .insert(outboxMessages)
    .values(targets.map((t) => ({ targetId: t.id, event: a.event.slice(0, 60), payload, nextAttemptAt: at, createdAt: at })));
  return targets.length;
}

/** 收益年度 submitted / returned / approved. */
export function enqueueIncomeYearEvent(
  tx: Tx,
  a: { villageCode: string; year: number; event: IncomeEvent; actor: AuditActor; comment?: string | null },
) {
  const link = `${publicBaseUrl()}/villages/${a.villageCode}/income/${a.year}`;
  return enqueueForVillage(tx, {
    villageCode: a.villageCode,
    event: `income_year.${a.event}`,
    message: (names) => incomeYearMessage({ event: a.event, names, year: a.year, actor: actorName(a.actor), comment: a.comment, link }),
  });
}

/** 分配方案 to public notice / approved (the town's confirmation). */
export function enqueueRunEvent(
  tx: Tx,
  a: { villageCode: string; year: number; event: RunEvent; actor: AuditActor; noticeFrom?: string | null; noticeTo?: string | null },
) {
  const link = `${publicBaseUrl()}/villages/${a.villageCode}/distributions/${a.year}`;
  return enqueueForVillage(tx, {
    villageCode: a.villageCode,
    event: `distribution_run.${a.event}`,
    message: (names) =>
      runMessage({ event: a.event, names, year: a.year, actor: actorName(a.actor), noticeFrom: a.noticeFrom, noticeTo: a.noticeTo, link }),
  });
}

/** a claimed row: a robot's (targetId) or a text's (recipientPhone); payload OutboxPayload or SmsPayload by channel */
type Claimed = {
  id: number;
  channel: "robot" | "sms";
  targetId: number | null;
  recipientPhone: string | null;
  payload: unknown;
  attempts: number;
};

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
    RETURNING m.id, m.channel, m.target_id, m.recipient_phone, m.payload, m.attempts`);
  type Row = {
    id: number | string;
    channel: "robot" | "sms";
    target_id: number | null;
    recipient_phone: string | null;
    payload: unknown;
    attempts: number;
  };
  return rowsOf<Row>(result).map((r) => ({
    id: Number(r.id),
    channel: r.channel,
    targetId: r.target_id == null ? null : Number(r.target_id),
    recipientPhone: r.recipient_phone,
    payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as unknown) : r.payload,
    attempts: Number(r.attempts),
  }));
}

export type Sender = (
  target: RobotTarget,
  message: RobotMessage,
  opts: { timeoutMs: number; signal?: AbortSignal },
) => Promise<RobotVerdict>;

/** sends a text (channel sms); the default is sendText (Tencent Cloud SMS, configured by the environment) */
export type TextSender = (message: TextMessage, opts: { timeoutMs: number; signal?: AbortSignal }) => Promise<SmsVerdict>;

export type DeliverOptions = {
  db: DbOrTx;
  /** the time of this pass (default: the app clock); it runs on with the real time the pass takes */
  now?: Date;
  /**
   * the pass's clock instead, read at each step (the claim unless `now` is given, each lease
   * renewal, a release, the time a message is marked sent): tests pass one they move themselves,
   * so that leases and backoff never depend on how fast the machine is
   */
  clock?: () => Date;
  limit?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** how long one send may take (default ROBOT_TIMEOUT_MS); the lease must be at least twice that */
  timeoutMs?: number;
  /** default: sendToRobot */
  send?: Sender;
  /** default: sendText */
  sendText?: TextSender;
  /** 0..1, for the jitter (default Math.random) */
  random?: () => number;
  /** backoff base (default 30 s) */
  retryBaseMs?: number;
  /** the server is stopping: the send under way is cut short and the rows not sent are put back */
  signal?: AbortSignal;
};

/** lost: claimed, but the lease ended before its turn (another sender has it now); released: put back unsent by a stop */
export type DeliverReport = { claimed: number; sent: number; retried: number; failed: number; lost: number; released: number };

type Target = { kind: string; webhookUrl: string; secretCiphertext: string | null; enabled: boolean };

/** What sending to a target needs (its secret decrypted), or why it cannot be sent to. */
function robotOf(target: Target | undefined): { robot: RobotTarget } | { failure: RobotFailure } {
  if (!target || !target.enabled) return { failure: { ok: false, code: "disabled", detail: "" } };
  try {
    const secret = target.secretCiphertext ? decryptSecret(target.secretCiphertext) : null;
    return { robot: { kind: target.kind as RobotKind, webhookUrl: target.webhookUrl, secret } };
  } catch (e) {
    return { failure: { ok: false, code: "secret", detail: (e as Error).message.slice(0, 300) } };
  }
}

type OutboxVerdict = RobotVerdict | SmsVerdict;

/** What sending a claimed row needs: its robot and message, or its text; or why it cannot be sent. */
function readyToSend(
  msg: Claimed,
  targets: (Target & { id: number })[],
): { robot: RobotTarget; message: RobotMessage } | { text: TextMessage } | { failure: RobotFailure | SmsFailure } {
  if (msg.channel === "sms") {
    if (!msg.recipientPhone) return { failure: { ok: false, code: "number", detail: "" } };
    return { text: { phone: msg.recipientPhone, payload: msg.payload as SmsPayload } };
  }
  const ready = robotOf(targets.find((t) => t.id === msg.targetId));
  return "failure" in ready ? ready : { robot: ready.robot, message: msg.payload as OutboxPayload };
}

/**
 * Renews a claimed row's lease just before its send, in one statement: only while the row is
 * still this sender's (same attempt, still sending) and its lease has not ended. False: the lease
 * was lost (another sender may have claimed the row and be sending it), so this one must not send.
 */
async function renewLease(db: DbOrTx, msg: Claimed, now: Date, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(outboxMessages)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(
      and(
        eq(outboxMessages.id, msg.id),
        eq(outboxMessages.status, "sending"),
        eq(outboxMessages.attempts, msg.attempts),
        gt(outboxMessages.nextAttemptAt, now),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length === 1;
}

const mine = (msg: Claimed) =>
  and(eq(outboxMessages.id, msg.id), eq(outboxMessages.status, "sending"), eq(outboxMessages.attempts, msg.attempts));

/**
 * One pass of the worker: claim a batch, then for each row renew its lease and send it (outside
 * any transaction), then record the answer. The batch shares one claim, but no row is sent on the
 * claim alone: its lease is renewed right before its send and the lease (≥ 2 × the send's timeout)
 * outlasts that send, so a row whose lease ran out while earlier rows were sent is skipped rather
 * than sent beside the server that claimed it since.
 */
export async function deliverDue(o: DeliverOptions): Promise<DeliverReport> {
  const env = getEnv();
  const at = o.now ?? o.clock?.() ?? clockNow();
  const started = performance.now();
  /** the pass's time now: the given clock, or its start plus the real time gone by */
  const clock = o.clock ?? (() => new Date(at.getTime() + (performance.now() - started)));
  const maxAttempts = o.maxAttempts ?? env.OUTBOX_MAX_ATTEMPTS;
  const leaseMs = o.leaseMs ?? env.OUTBOX_LEASE_SECONDS * 1000;
  const timeoutMs = o.timeoutMs ?? env.ROBOT_TIMEOUT_MS;
  if (leaseMs < 2 * timeoutMs)
    throw new Error(
      `outbox: a lease of ${leaseMs} ms does not outlast a send of up to ${timeoutMs} ms (it must be at least twice as long)`,
    );
  const send: Sender = o.send ?? ((t, m, so) => sendToRobot(t, m, so));
  const text: TextSender = o.sendText ?? ((m, so) => sendText(m, so));
  const random = o.random ?? Math.random;
  const report: DeliverReport = { claimed: 0, sent: 0, retried: 0, failed: 0, lost: 0, released: 0 };
  if (o.signal?.aborted) return report;
  const claimed = await o.db.transaction((tx) => claimDue({ db: tx, limit: o.limit ?? 20, now: at, leaseMs }));
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;
  // texts have no target: only the robots' rows are looked up
  const targetIds = [...new Set(claimed.flatMap((c) => (c.targetId == null ? [] : [c.targetId])))];
  const targets =
    targetIds.length === 0
      ? []
      : await o.db
          .select({
            id: notifyTargets.id,
            kind: notifyTargets.kind,
            webhookUrl: notifyTargets.webhookUrl,
            secretCiphertext: notifyTargets.secretCiphertext,
            enabled: notifyTargets.enabled,
          })
          .from(notifyTargets)
          .where(inArray(notifyTargets.id, targetIds));

  /** puts a claimed row back in the queue, due now; a row never tried gets its try back */
  const release = async (msg: Claimed, tried: boolean) => {
    const rows = await o.db
      .update(outboxMessages)
      .set({
        status: "pending",
        nextAttemptAt: clock(),
        ...(tried ? { lastErrorCode: "stopped", lastError: "" } : { attempts: msg.attempts - 1 }),
      })
      .where(mine(msg))
      .returning({ id: outboxMessages.id });
    report.released += rows.length;
  };

  for (const msg of claimed) {
    if (o.signal?.aborted) {
      await release(msg, false);
      continue;
    }
    const ready = readyToSend(msg, targets);
    let verdict: OutboxVerdict;
    if ("failure" in ready) verdict = ready.failure;
    else if (!(await renewLease(o.db, msg, clock(), leaseMs))) {
      report.lost++;
      continue;
    } else {
      verdict =
        "robot" in ready
          ? await send(ready.robot, ready.message, { timeoutMs, signal: o.signal })
          : await text(ready.text, { timeoutMs, signal: o.signal });
      if (!verdict.ok && verdict.code === "stopped") {
        await release(msg, true);
        continue;
      }
    }
    const final = !verdict.ok && (verdict.code === "disabled" || (msg.channel === "sms" && isFinalSmsFailure(verdict.code)));
    const sentAt = o.clock?.() ?? clockNow();
    if (verdict.ok) {
      await o.db.update(outboxMessages).set({ status: "sent", sentAt, lastErrorCode: null, lastError: null }).where(mine(msg));
      report.sent++;
    } else if (final || msg.attempts >= maxAttempts) {
      await o.db
        .update(outboxMessages)
        .set({ status: "failed", lastErrorCode: verdict.code, lastError: verdict.detail.slice(0, 1000) })
        .where(mine(msg));
      report.failed++;
    } else {
      const next = new Date(at.getTime() + retryDelayMs(msg.attempts, random(), o.retryBaseMs));
      await o.db
        .update(outboxMessages)
        .set({ status: "pending", nextAttemptAt: next, lastErrorCode: verdict.code, lastError: verdict.detail.slice(0, 1000) })
        .where(mine(msg));
      report.retried++;
    }
  }
  return report;
}
