import { sql } from "drizzle-orm";
import { boolean, char, check, date, index, integer, pgTable, serial, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { partnerRole } from "./enums";
import { regions } from "./regions";

/**
 * A village (行政村). Its region row holds code and name; the ancestor codes are kept here too
 * so that a town's or county's scope is one indexed equality, not a walk up the tree.
 */
export const villages = pgTable(
  "villages",
  {
    code: char({ length: 12 })
      .primaryKey()
      .references(() => regions.code),
    townCode: char({ length: 12 })
      .notNull()
      .references(() => regions.code),
    countyCode: char({ length: 12 })
      .notNull()
      .references(() => regions.code),
    cityCode: char({ length: 12 })
      .notNull()
      .references(() => regions.code),
    provinceCode: char({ length: 12 })
      .notNull()
      .references(() => regions.code),
    summary: text(),
    /** where the facts come from: the source article, or "示例数据 / synthetic". */
    source: text().notNull(),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [
    index("villages_town_idx").on(t.townCode),
    index("villages_county_idx").on(t.countyCode),
    index("villages_city_idx").on(t.cityCode),
    index("villages_province_idx").on(t.provinceCode),
  ],
);

/** 村民组 */
export const villagerGroups = pgTable(
  "villager_groups",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    name: varchar({ length: 50 }).notNull(),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex("villager_groups_village_name_uq").on(t.villageCode, t.name)],
);

/** 联户长: looks after about 30 households (never more than 100). */
export const householdLeaders = pgTable(
  "household_leaders",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    groupId: integer().references(() => villagerGroups.id),
    name: varchar({ length: 50 }).notNull(),
    phone: varchar({ length: 20 }),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [index("household_leaders_village_idx").on(t.villageCode)],
);

/** 村集体经济组织 / 股份经济合作社: one per village. */
export const collectives = pgTable("collectives", {
  id: serial().primaryKey(),
  villageCode: char({ length: 12 })
    .notNull()
    .unique()
    .references(() => villages.code),
  name: varchar({ length: 100 }).notNull(),
  registrationNo: varchar({ length: 40 }),
  foundedOn: date({ mode: "string" }),
  source: text().notNull(),
});

/** 合作社 / 专业合作社: a village may have several. */
export const cooperatives = pgTable(
  "cooperatives",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    name: varchar({ length: 100 }).notNull(),
    registrationNo: varchar({ length: 40 }),
    foundedOn: date({ mode: "string" }),
    source: text().notNull(),
  },
  (t) => [index("cooperatives_village_idx").on(t.villageCode)],
);

/** 组织方式: the cooperative's ordered partners, e.g. 党支部+合作社+企业(义渡农庄)+农户. */
export const cooperativePartners = pgTable(
  "cooperative_partners",
  {
    id: serial().primaryKey(),
    cooperativeId: integer()
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    role: partnerRole().notNull(),
    /** how people write the role here: 合作社 or 专业合作社 … */
    label: varchar({ length: 20 }).notNull(),
    name: varchar({ length: 100 }),
  },
  (t) => [
    uniqueIndex("cooperative_partners_position_uq").on(t.cooperativeId, t.position),
    check("cooperative_partners_position_positive", sql`${t.position} >= 1`),
  ],
);
