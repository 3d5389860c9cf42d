/**
 * What others see of the runs: the public disclosure (村务公开) of plans on notice or approved,
 * names masked; and a member household's own shares over time and its dividends with the
 * computation in plain words.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import {
  distributionAllocations,
  distributionRules,
  distributionRuns,
  households,
  shareClasses,
  shareLedger,
  villagerGroups,
} from "@db/schema";
import { explainPlan, plainWords, type RuleOwner } from "~/domain/distribution-explain";
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

/** A member's household: its register line, its shares entry by entry with the running total, and its dividends. */
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

  const entries = await db
    .select({
      effectiveOn: shareLedger.effectiveOn,
      entryType: shareLedger.entryType,
      quantity: shareLedger.quantity,
      className: shareClasses.name,
    })
    .from(shareLedger)
    .innerJoin(shareClasses, eq(shareClasses.id, shareLedger.shareClassId))
    .where(eq(shareLedger.householdId, householdId))
    .orderBy(asc(shareLedger.effectiveOn), asc(shareLedger.id));
  let running = 0n;
  const toUnits = (q: string) => {
    const [i, f = ""] = q.replace("-", "").split(".");
    const u = BigInt(i! + f.padEnd(4, "0").slice(0, 4));
    return q.startsWith("-") ? -u : u;
  };
  const fmt = (u: bigint) => {
    const a = u < 0n ? -u : u;
    const frac = (a % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
    return `${u < 0n ? "-" : ""}${a / 10_000n}${frac ? "." + frac : ""}`;
  };
  const shares = entries.map((e) => {
    running += toUnits(e.quantity);
    return {
      effectiveOn: e.effectiveOn,
      entryType: e.entryType,
      className: e.className,
      quantity: fmt(toUnits(e.quantity)),
      total: fmt(running),
    };
  });

  const rows = await db
    .select({
      runId: distributionRuns.id,
      year: distributionRuns.year,
      kind: distributionRuns.kind,
      status: distributionRuns.status,
      ruleId: distributionRuns.ruleId,
      requestSnapshot: distributionRuns.requestSnapshot,
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
    .orderBy(desc(distributionRuns.year), desc(distributionRuns.id));
  const dividends = [];
  for (const r of rows) {
    const rule = await ruleOf(db, r.ruleId, household.villageCode);
    const planned = r.kind === "regular" ? replan(r.requestSnapshot) : null;
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
      inKind: rule.inKind ? { item: rule.inKind.item, unit: rule.inKind.unit } : null,
      documentTitle: rule.documentTitle,
      why: planned
        ? plainWords({ lang, request: planned.request, plan: planned.plan, owner: rule.owner, householdCode: household.code })
        : null,
    });
  }
  return { household, shares, dividends };
}
