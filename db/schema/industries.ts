import { sql } from "drizzle-orm";
import { bigint, char, check, index, integer, numeric, pgTable, serial, smallint, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { cooperatives, villages } from "./villages";

/** 产业目录: 红色文旅, 茶苗, 铁罐饭 … extendable by admins. */
export const industries = pgTable("industries", {
  id: serial().primaryKey(),
  key: varchar({ length: 40 }).notNull().unique(),
  nameZh: varchar({ length: 40 }).notNull().unique(),
  nameEn: varchar({ length: 60 }).notNull(),
  /** the unit its scale is usually given in: 亩, 箱, 间, 人次 … */
  defaultUnit: varchar({ length: 10 }).notNull(),
});

/** An industry as a village runs it, with its scale and the households it drives. */
export const villageIndustries = pgTable(
  "village_industries",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    industryId: integer()
      .notNull()
      .references(() => industries.id),
    cooperativeId: integer().references(() => cooperatives.id),
    description: text(),
    scaleQuantity: numeric({ precision: 14, scale: 2 }),
    scaleUnit: varchar({ length: 10 }),
    /** area of household planting it drives (带动), e.g. 群乐村 1,000+ 亩 */
    drivenAreaMu: numeric({ precision: 14, scale: 2 }),
    householdsDriven: integer(),
    /** how the article words a figure that is a floor, e.g. "1,000余亩" */
    scaleNote: text(),
    position: smallint().notNull().default(1),
    source: text().notNull(),
  },
  (t) => [
    index("village_industries_village_idx").on(t.villageCode),
    uniqueIndex("village_industries_uq").on(t.villageCode, t.industryId),
    check("village_industries_scale_nonneg", sql`${t.scaleQuantity} is null or ${t.scaleQuantity} >= 0`),
    check("village_industries_driven_nonneg", sql`${t.householdsDriven} is null or ${t.householdsDriven} >= 0`),
  ],
);

/** Per-year figures of a village industry: output, revenue, visitors. */
export const villageIndustryYears = pgTable(
  "village_industry_years",
  {
    id: serial().primaryKey(),
    villageIndustryId: integer()
      .notNull()
      .references(() => villageIndustries.id, { onDelete: "cascade" }),
    year: smallint().notNull(),
    outputQuantity: numeric({ precision: 14, scale: 2 }),
    outputUnit: varchar({ length: 10 }),
    revenueFen: bigint({ mode: "bigint" }),
    visitors: integer(),
    source: text().notNull(),
  },
  (t) => [
    uniqueIndex("village_industry_years_uq").on(t.villageIndustryId, t.year),
    check("village_industry_years_year", sql`${t.year} between 1949 and 2100`),
    check("village_industry_years_revenue_nonneg", sql`${t.revenueFen} is null or ${t.revenueFen} >= 0`),
  ],
);
