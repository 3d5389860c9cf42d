import { sql } from "drizzle-orm";
import { boolean, char, check, date, index, integer, pgTable, serial, smallint, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { householdLeaders, villagerGroups, villages } from "./villages";

/**
 * A member household (社员户 / 股东户). Never deleted: leaving is recorded with a date and a
 * reason, and membership dates decide eligibility on a distribution's record date.
 */
export const households = pgTable(
  "households",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    /** the household's number within the village, e.g. H0001 */
    code: varchar({ length: 20 }).notNull(),
    headName: varchar({ length: 50 }).notNull(),
    groupId: integer().references(() => villagerGroups.id),
    leaderId: integer().references(() => householdLeaders.id),
    members: smallint().notNull().default(1),
    /** 脱贫户, 模范示范家庭 … */
    flags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    joinedOn: date({ mode: "string" }).notNull(),
    leftOn: date({ mode: "string" }),
    leftReason: text(),
    phone: varchar({ length: 20 }),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex("households_village_code_uq").on(t.villageCode, t.code),
    index("households_village_head_idx").on(t.villageCode, t.headName),
    index("households_group_idx").on(t.groupId),
    index("households_leader_idx").on(t.leaderId),
    check("households_members_nonneg", sql`${t.members} >= 0`),
    check("households_left_after_joined", sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`),
    check("households_left_reason", sql`(${t.leftOn} is null) = (${t.leftReason} is null)`),
  ],
);
