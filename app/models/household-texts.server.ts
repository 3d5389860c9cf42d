/**
 * Texts (短信) to the households of a distribution run, queued in the outbox (channel sms) in the
 * transaction of the change they report, and sent by the outbox worker (app/models/outbox.server.ts
 * → app/utils/sms-sender.server.ts).
 *
 * Who gets one: every household with an eligible allocation in the run, at each distinct number
 * of its current members (on the given day) who gave a phone and agreed to texts. Each text
 * names only that household's own part. With SMS_PROVIDER unset nothing is queued.
 *
 * Hooks: startNotice (distribution-notice.server.ts) queues "notice". Whatever sets a run's
 * hand-out place and date calls `queueHouseholdTexts({ tx, runId, event: "handout" })` in its
 * own transaction after writing them (each call queues a fresh round: call it when they are set
 * or changed, not on every save that leaves them as they were).
 */
import { and, asc, eq, gt, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { distributionAllocations, distributionRules, distributionRuns, households, members, outboxMessages, regions } from "@db/schema";
import { e164Phone, handoutParams, noticeParams, type SmsPayload, type SmsTemplate } from "~/domain/sms";
import { now } from "~/utils/clock.server";
import { textsEnabled } from "~/utils/sms-sender.server";
import { todayInChina } from "~/utils/today.server";

/** rows per INSERT: 6 values each, well under PostgreSQL's 65,535 parameters */
const BATCH = 1000;

/**
 * Queues the texts of `event` for the run's households; returns how many were queued. `on` is the
 * day whose members count (default today in China).
 */
export async function queueHouseholdTexts({
  tx,
  runId,
  event,
  on = todayInChina(),
}: {
  tx: DbOrTx;
  runId: number;
  event: SmsTemplate;
  on?: string;
}): Promise<number> {
  if (!textsEnabled()) return 0;
  const [run] = await tx
    .select({
      year: distributionRuns.year,
      noticeTo: distributionRuns.noticeTo,
      handoutPlace: distributionRuns.handoutPlace,
      handoutOn: distributionRuns.handoutOn,
      villageName: regions.name,
      inKind: distributionRules.inKind,
    })
    .from(distributionRuns)
    .innerJoin(regions, eq(regions.code, distributionRuns.villageCode))
    .innerJoin(distributionRules, eq(distributionRules.id, distributionRuns.ruleId))
    .where(eq(distributionRuns.id, runId));
  if (!run) return 0;
  if (event === "notice" && !run.noticeTo) return 0;
  if (event === "handout" && (!run.handoutPlace || !run.handoutOn)) return 0;

  const rows = await tx
    .select({
      householdId: households.id,
      code: households.code,
      cashFen: distributionAllocations.cashFen,
      inKindUnits: distributionAllocations.inKindUnits,
      phone: members.phone,
    })
    .from(distributionAllocations)
    .innerJoin(households, eq(households.id, distributionAllocations.householdId))
    .innerJoin(members, eq(members.householdId, households.id))
    .where(
      and(
        eq(distributionAllocations.runId, runId),
        eq(distributionAllocations.eligible, true),
        // the hand-out text is for those who still have something to collect
        event === "handout" ? eq(distributionAllocations.handout, "pending") : undefined,
        isNotNull(members.phone),
        eq(members.smsConsent, true),
        lte(members.confirmedOn, on),
        or(isNull(members.lostOn), gt(members.lostOn, on)),
      ),
    )
    .orderBy(asc(households.code), asc(members.id));

  const inKind = run.inKind ? { item: run.inKind.item, unit: run.inKind.unit } : null;
  const at = now();
  const seen = new Set<string>();
  const values: (typeof outboxMessages.$inferInsert)[] = [];
  for (const r of rows) {
    if (event === "handout" && r.cashFen === 0n && r.inKindUnits === 0n) continue;
    const number = r.phone ? e164Phone(r.phone) : null;
    // one text per household and number: two members sharing a phone get it once
    if (!number || seen.has(`${r.householdId} ${number}`)) continue;
    seen.add(`${r.householdId} ${number}`);
    const part = { code: r.code, cashFen: r.cashFen, inKindUnits: r.inKindUnits };
    const common = { villageName: run.villageName, year: run.year, part, inKind };
    const payload: SmsPayload = {
      template: event,
      params:
        event === "notice"
          ? noticeParams({ ...common, noticeTo: run.noticeTo! })
          : handoutParams({ ...common, handoutOn: run.handoutOn!, handoutPlace: run.handoutPlace! }),
    };
    values.push({
      channel: "sms",
      householdId: r.householdId,
      recipientPhone: r.phone!.replace(/[\s-]/g, ""),
      event: `sms.${event}`,
      payload,
      nextAttemptAt: at,
      createdAt: at,
    });
  }
  for (let i = 0; i < values.length; i += BATCH) await tx.insert(outboxMessages).values(values.slice(i, i + BATCH));
  return values.length;
}
