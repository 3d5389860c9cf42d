/**
 * 通知群 (robot targets) and the outbox as the admin page sees them: listed through the
 * caller's scope (admins: all; bureaus: the regions within theirs), added, switched on and off,
 * and failed messages put back in the queue. Every change is one transaction with its audit row.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { households, notifyTargets, outboxMessages, regions, type OutboxPayload } from "@db/schema";
import { maskPhone } from "~/domain/members";
import { NOTIFY_NO_KEY, NOTIFY_NOT_FOUND } from "~/domain/notify-target-form";
import { refuse, type Refusal } from "~/domain/refusal";
import type { RobotVerdict } from "~/domain/robots";
import { mayAct, type Grant } from "~/domain/scope";
import type { SmsPayload } from "~/domain/sms";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { canStoreSecrets, decryptSecret, encryptSecret } from "~/utils/secret-box.server";
import { getRegionPlaces } from "./places.server";

const MANAGERS = ["admin", "bureau"] as const;

const targetColumns = {
  id: notifyTargets.id,
  regionCode: notifyTargets.regionCode,
  regionName: regions.name,
  kind: notifyTargets.kind,
  name: notifyTargets.name,
  webhookUrl: notifyTargets.webhookUrl,
  secretCiphertext: notifyTargets.secretCiphertext,
  enabled: notifyTargets.enabled,
  createdAt: notifyTargets.createdAt,
};

/** Keeps the rows whose region the grants may manage. */
async function inScope<R extends { regionCode: string }>(db: DbOrTx, grants: readonly Grant[], rows: R[]): Promise<R[]> {
  if (grants.some((g) => g.role === "admin")) return rows;
  const places = await getRegionPlaces({ db, codes: rows.map((r) => r.regionCode) });
  return rows.filter((r) => {
    const place = places.get(r.regionCode);
    return place != null && mayAct(grants, [...MANAGERS], [place]);
  });
}

/** The webhook URL as shown: its origin and path, the query (WeCom's key, DingTalk's token) hidden. */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
  } catch {
    return "…";
  }
}

export async function listTargets({ db, grants }: { db: DbOrTx; grants: readonly Grant[] }) {
  const rows = await db
    .select(targetColumns)
    .from(notifyTargets)
    .innerJoin(regions, eq(regions.code, notifyTargets.regionCode))
    .orderBy(notifyTargets.regionCode, notifyTargets.id);
  return (await inScope(db, grants, rows)).map(({ secretCiphertext, webhookUrl, ...t }) => ({
    ...t,
    url: maskedUrl(webhookUrl),
    hasSecret: secretCiphertext != null,
  }));
}

/** One target with what sending needs (its secret decrypted): for the test message. */
export async function getTarget({ db, id }: { db: DbOrTx; id: number }) {
  const [t] = await db
    .select(targetColumns)
    .from(notifyTargets)
    .innerJoin(regions, eq(regions.code, notifyTargets.regionCode))
    .where(eq(notifyTargets.id, id));
  return t ?? null;
}

export function targetSecret(t: { secretCiphertext: string | null }): string | null {
  return t.secretCiphertext ? decryptSecret(t.secretCiphertext) : null;
}

export async function addTarget({
  db,
  actor,
  regionCode,
  kind,
  name,
  webhookUrl,
  secret,
  ip,
}: {
  db: Db;
  actor: Exclude<AuditActor, "system">;
  regionCode: string;
  kind: "dingtalk" | "wecom";
  name: string;
  webhookUrl: string;
  secret: string | null;
  ip?: string | null;
}): Promise<{ ok: true; id: number } | Refusal<"invalid">> {
  // a signing secret is kept only encrypted: without the server's key it cannot be kept at all
  if (secret && !canStoreSecrets()) return refuse("invalid", { field: "secret", message: NOTIFY_NO_KEY });
  const secretCiphertext = secret ? encryptSecret(secret) : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notifyTargets)
      .values({ regionCode, kind, name, webhookUrl, secretCiphertext, createdBy: actor.id, createdAt: now() })
      .returning({ id: notifyTargets.id });
    await writeAudit(tx, {
      actor,
      action: "notify_target.create",
      entity: "notify_target",
      entityId: row.id,
      after: { regionCode, kind, name, url: maskedUrl(webhookUrl), hasSecret: secretCiphertext != null },
      ip,
    });
    return { ok: true as const, id: row.id };
  });
}

export async function setTargetEnabled({
  db,
  actor,
  id,
  enabled,
  ip,
}: {
  db: Db;
  actor: AuditActor;
  id: number;
  enabled: boolean;
  ip?: string | null;
}): Promise<{ ok: true } | Refusal<"not_found">> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(notifyTargets).set({ enabled }).where(eq(notifyTargets.id, id)).returning({ id: notifyTargets.id });
    if (!row) return refuse("not_found", { message: NOTIFY_NOT_FOUND });
    await writeAudit(tx, {
      actor,
      action: enabled ? "notify_target.enable" : "notify_target.disable",
      entity: "notify_target",
      entityId: id,
      after: { enabled },
      ip,
    });
    return { ok: true as const };
  });
}

/** The test message's outcome in the audit trail: the failure's code and detail, never prose. */
export async function auditTestMessage({
  db,
  actor,
  id,
  verdict,
  ip,
}: {
  db: Db;
  actor: AuditActor;
  id: number;
  verdict: RobotVerdict;
  ip?: string | null;
}) {
  const after = verdict.ok ? { ok: true } : { ok: false, code: verdict.code, detail: verdict.detail };
  await writeAudit(db, { actor, action: "notify_target.test", entity: "notify_target", entityId: id, after, ip });
}

/**
 * A message's region: its robot's for channel robot, its household's village for channel sms
 * (which has no target); the scope of the admin page's lists and of a resend.
 */
const messageRegion = sql<string>`coalesce(${notifyTargets.regionCode}, ${households.villageCode})`;

const messageColumns = {
  id: outboxMessages.id,
  channel: outboxMessages.channel,
  event: outboxMessages.event,
  payload: outboxMessages.payload,
  status: outboxMessages.status,
  attempts: outboxMessages.attempts,
  lastErrorCode: outboxMessages.lastErrorCode,
  lastError: outboxMessages.lastError,
  createdAt: outboxMessages.createdAt,
  sentAt: outboxMessages.sentAt,
  targetName: notifyTargets.name,
  householdCode: households.code,
  recipientPhone: outboxMessages.recipientPhone,
  regionCode: messageRegion,
};

/**
 * A message as the page shows it: a robot's by its group's name and title; a text by its
 * household and its number masked (the full number never leaves the server).
 */
function shown({ payload, recipientPhone, targetName, householdCode, ...r }: MessageRow) {
  const text = r.channel === "sms";
  return {
    ...r,
    targetName: targetName ?? "",
    householdCode: householdCode ?? "",
    phone: text && recipientPhone ? maskPhone(recipientPhone) : "",
    title: text ? "" : ((payload as OutboxPayload | null)?.title ?? ""),
    template: text ? ((payload as SmsPayload | null)?.template ?? null) : null,
  };
}

function messagesQuery(db: DbOrTx) {
  return db
    .select(messageColumns)
    .from(outboxMessages)
    .leftJoin(notifyTargets, eq(notifyTargets.id, outboxMessages.targetId))
    .leftJoin(households, eq(households.id, outboxMessages.householdId));
}

type MessageRow = Awaited<ReturnType<typeof messagesQuery>>[number];

/** Failed messages (given up), robots' and texts', newest first, within the caller's scope. */
export async function listFailedMessages({ db, grants, limit = 100 }: { db: DbOrTx; grants: readonly Grant[]; limit?: number }) {
  const rows = await messagesQuery(db).where(eq(outboxMessages.status, "failed")).orderBy(desc(outboxMessages.id)).limit(limit);
  return (await inScope(db, grants, rows)).map(shown);
}

/** The latest texts to households, whatever their state, newest first, within the caller's scope. */
export async function listTexts({ db, grants, limit = 100 }: { db: DbOrTx; grants: readonly Grant[]; limit?: number }) {
  const rows = await messagesQuery(db).where(eq(outboxMessages.channel, "sms")).orderBy(desc(outboxMessages.id)).limit(limit);
  return (await inScope(db, grants, rows)).map(shown);
}

/** The region of a message (to check the caller's scope before a resend). */
export async function getMessageRegion({ db, id }: { db: DbOrTx; id: number }) {
  const [row] = await db
    .select({ regionCode: messageRegion, status: outboxMessages.status })
    .from(outboxMessages)
    .leftJoin(notifyTargets, eq(notifyTargets.id, outboxMessages.targetId))
    .leftJoin(households, eq(households.id, outboxMessages.householdId))
    .where(eq(outboxMessages.id, id));
  return row ?? null;
}

/** Puts a failed message back in the queue with a fresh count of tries (one that is no longer failed: `wrong_state`). */
export async function resendMessage({
  db,
  actor,
  id,
  ip,
}: {
  db: Db;
  actor: AuditActor;
  id: number;
  ip?: string | null;
}): Promise<{ ok: true } | Refusal<"wrong_state">> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outboxMessages)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now() })
      .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "failed")))
      .returning({ id: outboxMessages.id });
    if (!row) return refuse("wrong_state", { message: NOTIFY_NOT_FOUND });
    await writeAudit(tx, {
      actor,
      action: "outbox_message.resend",
      entity: "outbox_message",
      entityId: id,
      before: { status: "failed" },
      after: { status: "pending" },
      ip,
    });
    return { ok: true as const };
  });
}
