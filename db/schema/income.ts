import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { incomeLineDirection, incomeLineKind, incomeYearStatus } from "./enums";
import { villageIndustries } from "./industries";
import { villages } from "./villages";

/**
 * A village's books for one year. The totals are recomputed from the lines in the same
 * transaction that changes them (app/domain/income.ts), so comparisons across thousands of
 * villages read one row per village instead of summing lines.
 */
export const incomeYears = pgTable(
  "income_years",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    year: smallint().notNull(),
    status: incomeYearStatus().notNull().default("draft"),
    /** optimistic locking: every save bumps it; a save on a stale version is refused */
    version: integer().notNull().default(1),
    /** 上年结转 */
    carriedOverFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    /** 弥补亏损: earlier losses made up before any distribution */
    lossesToCoverFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    /** 经营性收入: operating + contracting + investment */
    operatingIncomeFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    expensesFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    /** 经营性纯收益 = 经营性收入 − 支出 */
    netOperatingIncomeFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    subsidyFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    /** 可分配收益 = 经营性纯收益 + 其他收入 + 上年结转 (subsidies excluded) */
    distributableFen: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
    /** the figure as the source states it, where it is a floor ("突破100万元") */
    statedNote: text(),
    returnComment: text(),
    unlockReason: text(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: text().references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    approvedBy: text().references(() => users.id),
    source: text().notNull(),
    isDemo: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("income_years_village_year_uq").on(t.villageCode, t.year),
    index("income_years_year_status_idx").on(t.year, t.status),
    check("income_years_year", sql`${t.year} between 1949 and 2100`),
    check("income_years_version_positive", sql`${t.version} >= 1`),
    check("income_years_losses_nonneg", sql`${t.lossesToCoverFen} >= 0`),
  ],
);

/** One itemised income or expense line of a year. */
export const incomeLines = pgTable(
  "income_lines",
  {
    id: serial().primaryKey(),
    incomeYearId: integer()
      .notNull()
      .references(() => incomeYears.id, { onDelete: "cascade" }),
    direction: incomeLineDirection().notNull(),
    kind: incomeLineKind().notNull(),
    villageIndustryId: integer().references(() => villageIndustries.id),
    description: varchar({ length: 200 }).notNull(),
    amountFen: bigint({ mode: "bigint" }).notNull(),
    /** required when the line moves more than the set threshold against last year */
    varianceNote: text(),
    position: smallint().notNull().default(1),
  },
  (t) => [
    index("income_lines_year_idx").on(t.incomeYearId),
    // the region dashboards' industry mix: a year's lines booked to an industry, read without the table
    index("income_lines_industry_idx")
      .on(t.incomeYearId, t.villageIndustryId, t.amountFen)
      .where(sql`${t.villageIndustryId} is not null`),
    check("income_lines_amount_nonneg", sql`${t.amountFen} >= 0`),
    check(
      "income_lines_kind_matches_direction",
      sql`(${t.direction} = 'income') = (${t.kind} in ('operating','contracting','investment','subsidy','other'))`,
    ),
  ],
);

export type IncomeYear = typeof incomeYears.$inferSelect;
export type IncomeLine = typeof incomeLines.$inferSelect;
