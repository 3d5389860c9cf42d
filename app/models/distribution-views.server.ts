/**
 * What others see of the runs: the public disclosure (村务公开) of plans on notice or approved,
 * names masked; and a member household's own shares over time and its dividends with the
 * computation in plain words.
 */
import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import {
  distributionAllocations,
  distributionRules,
  distributionRuns,
  households,
  noticeObjections,
  shareClasses,
  shareLedger,
  villagerGroups,
} from "@db/schema";
import { explainPlan, memberPart, memberPartWords, plainWords, type RuleOwner } from "~/domain/distribution-explain";
import { noticeWindow } from "~/domain/distribution-lifecycle";
import { maskName } from "~/domain/mask-name";
import { listAllocations, replan } from "./distributions.server";

const PUBLIC_STATUSES = ["notice", "approved", "handed_out"] as const;

async function ruleOf(db: DbOrTx, ruleId: number, villageCode: string) {
  const [r] = await db
    .select({
      documentTitle: distributionRules.documentTitle,
      name: distributionRules.name,
      ownerRegionCode: distributionRules.ownerRegionCode,
      inKind: distributionRules.inKind,
    })
    .from(distributionRules)
    .where(eq(distributionRules.id, ruleId));
  const owner: RuleOwner = r?.ownerRegionCode === villageCode ? "village" : "county";
  return { documentTitle: r?.documentTitle ?? "", name: r?.name ?? "", owner, inKind: r?.inKind ?? null };
}

/** Plans on notice or approved, newest year first, each household's name masked (罗*强). */
export async function listPublicRuns({ db, villageCode, lang }: { db: DbOrTx; villageCode: string; lang: "zh-CN" | "en" }) {
  const runs = await db
    .select({
      id: distributionRuns.id,
      year: distributionRuns.year,
      status: distributionRuns.status,
      ruleId: distributionRuns.ruleId,
      recordDate: distributionRuns.recordDate,
      noticeFrom: distributionRuns.noticeFrom,
      noticeTo: distributionRuns.noticeTo,
      requestSnapshot: distributionRuns.requestSnapshot,
    })
    .from(distributionRuns)
    .where(
      and(
        eq(distributionRuns.villageCode, villageCode),
        eq(distributionRuns.kind, "regular"),
        inArray(distributionRuns.status, [...PUBLIC_STATUSES]),
      ),
    )
    .orderBy(desc(distributionRuns.year));
  const out = [];
  for (const run of runs) {
    const rule = await ruleOf(db, run.ruleId, villageCode);
    const planned = replan(run.requestSnapshot);
    const allocations = await listAllocations({ db, runId: run.id });
    out.push({
      id: run.id,
      year: run.year,
      status: run.status,
      recordDate: run.recordDate,
      noticeFrom: run.noticeFrom,
      noticeTo: run.noticeTo,
      rule,
      summary: planned ? plainWords({ lang, request: planned.request, plan: planned.plan, owner: rule.owner }) : null,
      lines: planned ? explainPlan(planned.request, planned.plan, planned.bases) : [],
      households: allocations.map((a) => ({
        code: a.code,
        name: maskName(a.headName),
        group: a.groupName,
        eligible: a.eligible,
        rewardFen: a.rewardFen,
        cashFen: a.cashFen,
        inKindUnits: a.inKindUnits,
      })),
    });
  }
  return out;
}

/** "12.5000" → 125000n: share quantities in ten-thousandths, exact */
function toUnits(q: string): bigint {
  const [i, f = ""] = q.replace("-", "").split(".");
  const u = BigInt(i! + f.padEnd(4, "0").slice(0, 4));
  return q.startsWith("-") ? -u : u;
}
function fmtUnits(u: bigint): string {
  const a = u < 0n ? -u : u;
  const frac = (a % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
  return `${u < 0n ? "-" : ""}${a / 10_000n}${frac ? "." + frac : ""}`;
}

/**
 * A member's household: its register line, its shares entry by entry with the holding after
 * each (per class and in all), and its dividends — each year's part (cash, goods, the remainder,
 * the reward, the hand-out with its place and date) with the plan and the part in plain words.
 */
export async function getMemberView({ db, householdId, lang }: { db: DbOrTx; householdId: number; lang: "zh-CN" | "en" }) {
  const [household] = await db
    .select({
      id: households.id,
      villageCode: households.villageCode,
      code: households.code,
      headName: households.headName,
      groupName: villagerGroups.name,
      members: households.members,
      joinedOn: households.joinedOn,
      leftOn: households.leftOn,
    })
    .from(households)
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .where(eq(households.id, householdId));
  if (!household) return null;

  const [entries, rows] = await Promise.all([
    db
      .select({
        effectiveOn: shareLedger.effectiveOn,
        entryType: shareLedger.entryType,
        quantity: shareLedger.quantity,
        classId: shareLedger.shareClassId,
        className: shareClasses.name,
      })
      .from(shareLedger)
      .innerJoin(shareClasses, eq(shareClasses.id, shareLedger.shareClassId))
      .where(eq(shareLedger.householdId, householdId))
      .orderBy(asc(shareLedger.effectiveOn), asc(shareLedger.id)),
    db
      .select({
        runId: distributionRuns.id,
        year: distributionRuns.year,
        kind: distributionRuns.kind,
        status: distributionRuns.status,
        ruleId: distributionRuns.ruleId,
        requestSnapshot: distributionRuns.requestSnapshot,
        handoutPlace: distributionRuns.handoutPlace,
        handoutOn: distributionRuns.handoutOn,
        eligible: distributionAllocations.eligible,
        rewardFen: distributionAllocations.rewardFen,
        shareFen: distributionAllocations.shareFen,
        cashFen: distributionAllocations.cashFen,
        inKindUnits: distributionAllocations.inKindUnits,
        inKindValueFen: distributionAllocations.inKindValueFen,
        handout: distributionAllocations.handout,
        handedOutOn: distributionAllocations.handedOutOn,
      })
      .from(distributionAllocations)
      .innerJoin(distributionRuns, eq(distributionRuns.id, distributionAllocations.runId))
      .where(and(eq(distributionAllocations.householdId, householdId), inArray(distributionRuns.status, [...PUBLIC_STATUSES, "reversed"])))
      .orderBy(desc(distributionRuns.year), desc(distributionRuns.id)),
  ]);

  let running = 0n;
  const byClass = new Map<number, bigint>();
  const shares = entries.map((e) => {
    const q = toUnits(e.quantity);
    running += q;
    byClass.set(e.classId, (byClass.get(e.classId) ?? 0n) + q);
    return {
      effectiveOn: e.effectiveOn,
      entryType: e.entryType,
      className: e.className,
      quantity: fmtUnits(q),
      /** this class's holding after the entry */
      classTotal: fmtUnits(byClass.get(e.classId)!),
      total: fmtUnits(running),
    };
  });

  // one read per rule, however many years used it
  const rules = new Map<number, Promise<Awaited<ReturnType<typeof ruleOf>>>>();
  const rule = (id: number) => rules.get(id) ?? rules.set(id, ruleOf(db, id, household.villageCode)).get(id)!;
  const dividends = [];
  for (const r of rows) {
    const { documentTitle, owner, inKind: ruleInKind } = await rule(r.ruleId);
    const planned = r.kind === "regular" ? replan(r.requestSnapshot) : null;
    // the goods as the plan priced them (its snapshot), else as the rule says
    const inKind =
      planned?.request.rule.inKind ??
      (ruleInKind
        ? { item: ruleInKind.item, unit: ruleInKind.unit, unitPriceFen: Number(ruleInKind.unitPriceFen), stepUnits: ruleInKind.stepUnits }
        : null);
    const part = memberPart({ ...r, inKind });
    dividends.push({
      runId: r.runId,
      year: r.year,
      kind: r.kind,
      status: r.status,
      eligible: r.eligible,
      rewardFen: r.rewardFen,
      shareFen: r.shareFen,
      cashFen: r.cashFen,
      inKindUnits: r.inKindUnits,
      inKindValueFen: r.inKindValueFen,
      handout: r.handout,
      handedOutOn: r.handedOutOn,
      handoutPlace: r.handoutPlace,
      handoutOn: r.handoutOn,
      inKind: inKind ? { item: inKind.item, unit: inKind.unit, stepUnits: inKind.stepUnits } : null,
      part,
      documentTitle,
      /** the plan in one sentence, then this household's part and its hand-out */
      why: planned ? plainWords({ lang, request: planned.request, plan: planned.plan, owner, householdCode: household.code }) : null,
      partWords: memberPartWords(part, lang),
    });
  }
  return { household, shares, dividends };
}

/**
 * The plans a member may object to, or could: every plan of the household's village on notice,
 * every plan the household raised an objection to, and the newest plan past its notice (where
 * the page says where disputes go) — each with where today stands against its notice and the
 * household's objections with their answers, newest plan first.
 */
export async function memberNotices({
  db,
  householdId,
  villageCode,
  today,
}: {
  db: DbOrTx;
  householdId: number;
  villageCode: string;
  today: string;
}) {
  const objected = db
    .selectDistinct({ runId: noticeObjections.runId })
    .from(noticeObjections)
    .where(eq(noticeObjections.householdId, householdId));
  const columns = {
    id: distributionRuns.id,
    year: distributionRuns.year,
    status: distributionRuns.status,
    noticeFrom: distributionRuns.noticeFrom,
    noticeTo: distributionRuns.noticeTo,
  };
  const live = and(eq(distributionRuns.villageCode, villageCode), eq(distributionRuns.kind, "regular"));
  const [listed, [newestPast]] = await Promise.all([
    db
      .select(columns)
      .from(distributionRuns)
      .where(and(live, or(eq(distributionRuns.status, "notice"), inArray(distributionRuns.id, objected))))
      .orderBy(desc(distributionRuns.year), desc(distributionRuns.id)),
    db
      .select(columns)
      .from(distributionRuns)
      .where(and(live, inArray(distributionRuns.status, ["approved", "handed_out"])))
      .orderBy(desc(distributionRuns.year), desc(distributionRuns.id))
      .limit(1),
  ]);
  const runs = [...listed];
  if (newestPast && !runs.some((r) => r.id === newestPast.id)) runs.push(newestPast);
  runs.sort((a, b) => b.year - a.year || b.id - a.id);
  if (runs.length === 0) return [];
  const objections = await db
    .select({
      id: noticeObjections.id,
      runId: noticeObjections.runId,
      raisedBy: noticeObjections.raisedBy,
      raisedOn: noticeObjections.raisedOn,
      content: noticeObjections.content,
      answer: noticeObjections.answer,
      answeredOn: noticeObjections.answeredOn,
    })
    .from(noticeObjections)
    .where(
      and(
        eq(noticeObjections.householdId, householdId),
        inArray(
          noticeObjections.runId,
          runs.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(noticeObjections.id));
  return runs.map((r) => {
    const own = objections.filter((o) => o.runId === r.id).map(({ runId: _runId, ...o }) => o);
    return {
      runId: r.id,
      year: r.year,
      status: r.status,
      noticeFrom: r.noticeFrom,
      noticeTo: r.noticeTo,
      window: noticeWindow(r, today),
      /** an objection still waiting for its answer: no new one until it is answered */
      hasOpen: own.some((o) => o.answer === null),
      objections: own,
    };
  });
}
