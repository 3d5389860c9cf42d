import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { handoutStatus, runKind, runStatus } from "./enums";
import { households } from "./households";
import { incomeYears } from "./income";
import { regions } from "./regions";
import { villages } from "./villages";

export type RuleExtraction = { name: string; percent: string };
/** a reward paid from the pool first to every eligible household carrying `flag` */
export type RuleReward = { title: string; flag: string; amountFen: string };
export type RuleSplit = { basis: "shares" | "households" | "members"; weight: number };
export type RuleInKind = { item: string; unit: string; unitPriceFen: string; stepUnits: number } | null;

/**
 * 收益分配规则: owned by a county (its villages inherit it) or a village; versioned, each version
 * valid from a date, citing its source document. Fields follow docs/dividend-contract.md.
 */
export const distributionRules = pgTable(
  "distribution_rules",
  {
    id: serial().primaryKey(),
    /** the county or village the rule belongs to; null for an admin's template */
    ownerRegionCode: char({ length: 12 }).references(() => regions.code),
    isTemplate: boolean().notNull().default(false),
    /** rules of one lineage share a key; version counts up within it */
    ruleKey: varchar({ length: 60 }).notNull(),
    version: integer().notNull().default(1),
    name: varchar({ length: 200 }).notNull(),
    /** e.g. 《绥阳县农村集体经济组织收益分配管理制度(暂行)》 */
    documentTitle: varchar({ length: 200 }).notNull(),
    validFrom: date({ mode: "string" }).notNull(),
    extractions: jsonb()
      .$type<RuleExtraction[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    dividendPercent: numeric({ precision: 7, scale: 4 }).notNull(),
    rewards: jsonb()
      .$type<RuleReward[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    split: jsonb().$type<RuleSplit[]>().notNull(),
    inKind: jsonb().$type<RuleInKind>(),
    noticeDays: smallint().notNull().default(7),
    source: text().notNull(),
    createdBy: text().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("distribution_rules_key_version_uq").on(t.ruleKey, t.version),
    index("distribution_rules_owner_idx").on(t.ownerRegionCode, t.validFrom),
    check("distribution_rules_percent", sql`${t.dividendPercent} >= 0 and ${t.dividendPercent} <= 100`),
    check("distribution_rules_notice_days", sql`${t.noticeDays} between 1 and 90`),
    check("distribution_rules_owner", sql`${t.isTemplate} or ${t.ownerRegionCode} is not null`),
  ],
);

/**
 * 分配方案: one live run per village and year. Approved runs never change; a correction is a
 * reversal run (negating the old) plus a new regular run.
 */
export const distributionRuns = pgTable(
  "distribution_runs",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    year: smallint().notNull(),
    kind: runKind().notNull().default("regular"),
    reversesRunId: integer().references((): any => distributionRuns.id),
    incomeYearId: integer()
      .notNull()
      .references(() => incomeYears.id),
    ruleId: integer()
      .notNull()
      .references(() => distributionRules.id),
    status: runStatus().notNull().default("draft"),
    version: integer().notNull().default(1),
    /** 股权登记日: households and holdings are taken as on this date */
    recordDate: date({ mode: "string" }).notNull(),
    distributableFen: bigint({ mode: "bigint" }).notNull(),
    lossesToCoverFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    baseFen: bigint({ mode: "bigint" }).notNull(),
    retainedFen: bigint({ mode: "bigint" }).notNull(),
    dividendPoolFen: bigint({ mode: "bigint" }).notNull(),
    rewardsFen: bigint({ mode: "bigint" }).notNull(),
    splitPoolFen: bigint({ mode: "bigint" }).notNull(),
    leftoverFen: bigint({ mode: "bigint" }).notNull(),
    /** the plan's extraction lines and the request the engine was given, kept as evidence */
    extractions: jsonb().$type<{ name: string; amountFen: string }[]>().notNull(),
    requestSnapshot: jsonb().notNull(),
    noticeFrom: date({ mode: "string" }),
    noticeTo: date({ mode: "string" }),
    approvedBySecretary: text().references(() => users.id),
    approvedBySecretaryAt: timestamp({ withTimezone: true }),
    confirmedByTown: text().references(() => users.id),
    confirmedByTownAt: timestamp({ withTimezone: true }),
    /** 发放地点和日期, as the secretary sets them for the members (e.g. 岗上组广场, 2026-01-20) */
    handoutPlace: varchar({ length: 100 }),
    handoutOn: date({ mode: "string" }),
    createdBy: text().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    source: text().notNull(),
  },
  (t) => [
    index("distribution_runs_village_year_idx").on(t.villageCode, t.year),
    uniqueIndex("distribution_runs_live_uq")
      .on(t.villageCode, t.year)
      .where(sql`${t.kind} = 'regular' and ${t.status} <> 'reversed'`),
    check("distribution_runs_notice_dates", sql`${t.noticeTo} is null or ${t.noticeTo} >= ${t.noticeFrom}`),
    check("distribution_runs_two_people", sql`${t.confirmedByTown} is null or ${t.confirmedByTown} <> ${t.approvedBySecretary}`),
  ],
);

/** One household's part of a run, and its hand-out. */
export const distributionAllocations = pgTable(
  "distribution_allocations",
  {
    id: serial().primaryKey(),
    runId: integer()
      .notNull()
      .references(() => distributionRuns.id),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    shares: numeric({ precision: 18, scale: 4 }).notNull(),
    members: smallint().notNull(),
    eligible: boolean().notNull(),
    rewardFen: bigint({ mode: "bigint" }).notNull(),
    shareFen: bigint({ mode: "bigint" }).notNull(),
    cashFen: bigint({ mode: "bigint" }).notNull(),
    inKindUnits: bigint({ mode: "bigint" }).notNull(),
    inKindValueFen: bigint({ mode: "bigint" }).notNull(),
    handout: handoutStatus().notNull().default("pending"),
    handedOutOn: date({ mode: "string" }),
    handoutReference: varchar({ length: 100 }),
  },
  (t) => [
    uniqueIndex("distribution_allocations_run_household_uq").on(t.runId, t.householdId),
    index("distribution_allocations_household_idx").on(t.householdId),
  ],
);

/** 公示期间的异议 and their answers. */
export const noticeObjections = pgTable(
  "notice_objections",
  {
    id: serial().primaryKey(),
    runId: integer()
      .notNull()
      .references(() => distributionRuns.id),
    householdId: integer().references(() => households.id),
    raisedBy: varchar({ length: 50 }).notNull(),
    raisedOn: date({ mode: "string" }).notNull(),
    content: text().notNull(),
    answer: text(),
    answeredOn: date({ mode: "string" }),
    answeredBy: text().references(() => users.id),
    /** the member's account when raised online on /me; null when the secretary recorded it */
    raisedByUserId: text().references(() => users.id),
  },
  (t) => [
    index("notice_objections_run_idx").on(t.runId),
    // one open (unanswered) objection per household and plan
    uniqueIndex("notice_objections_open_uq")
      .on(t.runId, t.householdId)
      .where(sql`${t.answer} is null and ${t.householdId} is not null`),
  ],
);
