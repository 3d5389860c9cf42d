/**
 * What the run's page (/villages/:code/distributions/:year) shows: the village, the income year,
 * the rule in force, the live run with its plan line by line and in plain words, its households
 * (one 村民组's when asked) and objections, and every run of the year.
 */
import type { DbOrTx } from "@db/client.server";
import { explainPlan, plainWords } from "~/domain/distribution-explain";
import { chinaDate, earliestHandoutDay, earliestNoticeEnd, noticeEnded, type RunCapacity } from "~/domain/distribution-lifecycle";
import { getIncomeYear } from "./income.server";
import { getLiveRun, listAllocations, listObjections, listRunsOfYear, replan, type RunRow } from "./distributions.server";
import { getRule, getRuleInForce } from "./rules.server";
import { getUser } from "./users.server";
import { getVillageIdentity } from "./villages.server";

async function nameOf(db: DbOrTx, id: string | null) {
  return id ? ((await getUser({ db, id }))?.displayName ?? id) : null;
}

/** the live run as the page shows it */
async function runView({
  db,
  run,
  villageCode,
  lang,
  today,
  group,
}: {
  db: DbOrTx;
  run: RunRow;
  villageCode: string;
  lang: "zh-CN" | "en";
  today: string;
  group: string | null;
}) {
  const [rule, allocations, objections, approvedBy, confirmedBy] = await Promise.all([
    getRule({ db, id: run.ruleId }),
    listAllocations({ db, runId: run.id }),
    listObjections({ db, runId: run.id }),
    nameOf(db, run.approvedBySecretary),
    nameOf(db, run.confirmedByTown),
  ]);
  const planned = replan(run.requestSnapshot);
  const owner = rule?.ownerRegionCode === villageCode ? "village" : "county";
  return {
    id: run.id,
    status: run.status,
    version: run.version,
    recordDate: run.recordDate,
    noticeFrom: run.noticeFrom,
    noticeTo: run.noticeTo,
    noticeEnded: noticeEnded(run.noticeTo, today),
    approvedBy,
    approvedBySecretary: run.approvedBySecretary,
    confirmedBy,
    handoutPlace: run.handoutPlace,
    handoutOn: run.handoutOn,
    /** the first day the hand-out may be set for (the town's confirmation) */
    earliestHandoutOn: earliestHandoutDay({
      noticeTo: run.noticeTo,
      confirmedOn: run.confirmedByTownAt ? chinaDate(run.confirmedByTownAt) : null,
    }),
    dividendPoolFen: run.dividendPoolFen,
    rule: rule
      ? { documentTitle: rule.documentTitle, name: rule.name, version: rule.version, noticeDays: rule.noticeDays, inKind: rule.inKind }
      : null,
    lines: planned ? explainPlan(planned.request, planned.plan, planned.bases) : [],
    words: planned ? plainWords({ lang, request: planned.request, plan: planned.plan, owner }) : null,
    groups: [...new Set(allocations.map((a) => a.groupName ?? ""))].filter(Boolean),
    allocations: group ? allocations.filter((a) => a.groupName === group) : allocations,
    counts: {
      households: allocations.length,
      eligible: allocations.filter((a) => a.eligible).length,
      pending: allocations.filter((a) => a.handout === "pending" && (a.cashFen !== 0n || a.inKindUnits !== 0n)).length,
    },
    objections,
  };
}

/** The page of a village's year; null when the village is not there. */
export async function getDistributionPage({
  db,
  villageCode,
  year,
  lang,
  today,
  group,
  capacity,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  lang: "zh-CN" | "en";
  today: string;
  /** one 村民组's households only */
  group: string | null;
  capacity: RunCapacity;
}) {
  const [village, incomeYear, run, history, inForce] = await Promise.all([
    getVillageIdentity({ db, code: villageCode }),
    getIncomeYear({ db, villageCode, year }),
    getLiveRun({ db, villageCode, year }),
    listRunsOfYear({ db, villageCode, year }),
    getRuleInForce({ db, villageCode, date: today }),
  ]);
  if (!village) return null;
  const view = run ? await runView({ db, run, villageCode, lang, today, group }) : null;
  return {
    village: { code: village.code, name: village.name, townName: village.townName, countyName: village.countyName },
    year,
    today,
    group: group ?? "",
    capacity,
    // the village's rule page (its own rule, and the county's it otherwise follows): every reader opens it
    rulesUrl: `/villages/${villageCode}/rules`,
    incomeYear: incomeYear ? { status: incomeYear.status, distributableFen: incomeYear.distributableFen } : null,
    ruleInForce: inForce ? { documentTitle: inForce.rule.documentTitle, noticeDays: inForce.rule.noticeDays, owner: inForce.owner } : null,
    suggestedNoticeTo: earliestNoticeEnd(today, view?.rule?.noticeDays ?? inForce?.rule.noticeDays ?? 7),
    run: view,
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind,
      status: h.status,
      dividendPoolFen: h.dividendPoolFen,
      createdAt: h.createdAt,
      source: h.source,
      reversesRunId: h.reversesRunId,
    })),
  };
}
