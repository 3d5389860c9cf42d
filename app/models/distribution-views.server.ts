/**
 * What others see of the runs: the public disclosure (村务公开) of plans on notice or approved,
 * names masked; and a member household's own shares over time and its dividends with the
 * computation in plain words.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
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
import {
  explainPlan,
  memberPart,
  planSummary,
  plainWords,
  summaryWords,
  type PlanSummary,
  type RuleOwner,
} from "~/domain/distribution-explain";
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
 * Plans' summaries by run and version. A run's request and plan change only with its version
 * (a redraft bumps it; an approved run never changes), so the summary of a version is kept: a
 * member's page with twenty years then reads no engine request of hundreds of households, and
 * recomputes no plan, on every view.
 */
const SUMMARIES = new Map<string, PlanSummary | null>();
const SUMMARIES_KEPT = 5000;

// (the creation time too: a database made afresh under a running server reuses run ids)
const summaryKey = (id: number, version: number, createdAt: Date) => `${id}:${version}:${createdAt.getTime()}`;

async function summariesOf(db: DbOrTx, runs: readonly { runId: number; version: number; createdAt: Date }[]) {
  const out = new Map<number, PlanSummary | null>();
  const missing: { runId: number; version: number }[] = [];
  for (const r of runs) {
    const kept = SUMMARIES.get(summaryKey(r.runId, r.version, r.createdAt));
    if (kept === undefined) missing.push(r);
    else out.set(r.runId, kept);
  }
  if (missing.length) {
    const snapshots = await db
      .select({
        id: distributionRuns.id,
        version: distributionRuns.version,
        createdAt: distributionRuns.createdAt,
        requestSnapshot: distributionRuns.requestSnapshot,
      })
      .from(distributionRuns)
      .where(
        inArray(
          distributionRuns.id,
          missing.map((r) => r.runId),
        ),
      );
    for (const snap of snapshots) {
      const planned = replan(snap.requestSnapshot);
      const summary = planned ? planSummary(planned.request, planned.plan) : null;
      out.set(snap.id, summary);
      // the oldest kept goes first when the map is full (a Map keeps its insertion order)
      if (SUMMARIES.size >= SUMMARIES_KEPT) SUMMARIES.delete(SUMMARIES.keys().next().value!);
      SUMMARIES.set(summaryKey(snap.id, snap.version, snap.createdAt), summary);
    }
  }
  return out;
}

/**
 * The member page's reads, built once per database (drizzle's prepared queries): the page is
 * the one a whole village's members open, and building the same SQL again on every view costs
 * more than running it.
 */
const READS = new WeakMap<DbOrTx, ReturnType<typeof buildMemberReads>>();
function memberReads(db: DbOrTx) {
  let reads = READS.get(db);
  if (!reads) READS.set(db, (reads = buildMemberReads(db)));
  return reads;
}

function buildMemberReads(db: DbOrTx) {
  const householdId = sql.placeholder("householdId");
  return {
    household: db
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
      .where(eq(households.id, householdId))
      .prepare("me_household"),
    entries: db
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
      .orderBy(asc(shareLedger.effectiveOn), asc(shareLedger.id))
      .prepare("me_share_entries"),
    allocations: db
      .select({
        runId: distributionRuns.id,
        year: distributionRuns.year,
        kind: distributionRuns.kind,
        status: distributionRuns.status,
        ruleId: distributionRuns.ruleId,
        version: distributionRuns.version,
        createdAt: distributionRuns.createdAt,
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
        documentTitle: distributionRules.documentTitle,
        ruleOwnerCode: distributionRules.ownerRegionCode,
        ruleInKind: distributionRules.inKind,
      })
      .from(distributionAllocations)
      .innerJoin(distributionRuns, eq(distributionRuns.id, distributionAllocations.runId))
      .innerJoin(distributionRules, eq(distributionRules.id, distributionRuns.ruleId))
      .where(and(eq(distributionAllocations.householdId, householdId), inArray(distributionRuns.status, [...PUBLIC_STATUSES, "reversed"])))
      .orderBy(desc(distributionRuns.year), desc(distributionRuns.id))
      .prepare("me_allocations"),
    runs: db
      .select({
        id: distributionRuns.id,
        year: distributionRuns.year,
        status: distributionRuns.status,
        noticeFrom: distributionRuns.noticeFrom,
        noticeTo: distributionRuns.noticeTo,
      })
      .from(distributionRuns)
      .where(and(eq(distributionRuns.villageCode, sql.placeholder("villageCode")), eq(distributionRuns.kind, "regular")))
      .orderBy(desc(distributionRuns.year), desc(distributionRuns.id))
      .prepare("me_village_runs"),
    objections: db
      .select({
        id: noticeObjections.id,
        runId: noticeObjections.runId,
        raisedOn: noticeObjections.raisedOn,
        content: noticeObjections.content,
        answer: noticeObjections.answer,
        answeredOn: noticeObjections.answeredOn,
      })
      .from(noticeObjections)
      .where(eq(noticeObjections.householdId, householdId))
      .orderBy(asc(noticeObjections.id))
      .prepare("me_objections"),
  };
}

/**
 * A member's household: its register line, its shares entry by entry with the holding after
 * each (per class and in all), and its dividends — each year's part (cash, goods, the remainder,
 * the reward, the hand-out with its place and date) with the plan and the part in plain words.
 */
export async function getMemberView({ db, householdId, lang }: { db: DbOrTx; householdId: number; lang: "zh-CN" | "en" }) {
  // three reads at once, each by the household's id: the page waits for one round trip
  const q = memberReads(db);
  const [[household], entries, rows] = await Promise.all([
    q.household.execute({ householdId }),
    q.entries.execute({ householdId }),
    q.allocations.execute({ householdId }),
  ]);
  if (!household) return null;

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

  const summaries = await summariesOf(
    db,
    rows.filter((r) => r.kind === "regular"),
  );
  const dividends = [];
  for (const r of rows) {
    const owner: RuleOwner = r.ruleOwnerCode === household.villageCode ? "village" : "county";
    const ruleInKind = r.ruleInKind;
    const summary = r.kind === "regular" ? (summaries.get(r.runId) ?? null) : null;
    // the goods as the plan priced them (its snapshot), else as the rule says
    const inKind =
      summary?.inKind ??
      (ruleInKind
        ? { item: ruleInKind.item, unit: ruleInKind.unit, unitPriceFen: Number(ruleInKind.unitPriceFen), stepUnits: ruleInKind.stepUnits }
        : null);
    const part = memberPart({ ...r, inKind });
    const own = { eligible: r.eligible, shareFen: Number(r.shareFen), inKindUnits: Number(r.inKindUnits) };
    // what the page shows, no more: twenty years of it travel to the phone twice (HTML and data)
    dividends.push({
      runId: r.runId,
      year: r.year,
      kind: r.kind,
      status: r.status,
      part,
      documentTitle: r.documentTitle,
      /** the plan in one sentence; the page says the household's part and its hand-out after it (memberPartWords of `part`) */
      why: summary ? summaryWords({ lang, summary, owner, own, partSaidAfter: true }) : null,
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
  // two reads at once: the village's plans (a few a year), and every objection of the household
  const q = memberReads(db);
  const [all, objections] = await Promise.all([q.runs.execute({ villageCode }), q.objections.execute({ householdId })]);
  const objected = new Set(objections.map((o) => o.runId));
  const newestPast = all.find((r) => r.status === "approved" || r.status === "handed_out");
  const runs = all.filter((r) => r.status === "notice" || objected.has(r.id) || r === newestPast);
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
