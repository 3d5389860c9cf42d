import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  char,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { shareClassKind, shareEntryType } from "./enums";
import { households } from "./households";
import { users } from "./auth";
import { villages } from "./villages";

/** 股份类别: 现金股 / 成员股 / 土地股 / 集体股, with the value of one share. */
export const shareClasses = pgTable(
  "share_classes",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    kind: shareClassKind().notNull(),
    name: varchar({ length: 40 }).notNull(),
    unitValueFen: bigint({ mode: "bigint" }).notNull(),
  },
  (t) => [
    uniqueIndex("share_classes_village_kind_uq").on(t.villageCode, t.kind),
    check("share_classes_unit_value_nonneg", sql`${t.unitValueFen} >= 0`),
  ],
);

/**
 * 股权台账: append-only (a trigger refuses UPDATE and DELETE). Each row is a signed change of one
 * household's holding in one class, so a holding on any date is one SUM over rows up to it.
 * A transfer is two rows (transfer_out, transfer_in) sharing an entryGroup.
 */
export const shareLedger = pgTable(
  "share_ledger",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    shareClassId: integer()
      .notNull()
      .references(() => shareClasses.id),
    entryType: shareEntryType().notNull(),
    /** signed: positive for subscribe / increase / transfer_in, negative otherwise; up to 4 decimals */
    quantity: numeric({ precision: 18, scale: 4 }).notNull(),
    counterpartyHouseholdId: integer().references(() => households.id),
    entryGroup: uuid().notNull().defaultRandom(),
    effectiveOn: date({ mode: "string" }).notNull(),
    approvedOn: date({ mode: "string" }).notNull(),
    approvedBy: varchar({ length: 100 }).notNull(),
    note: text(),
    createdByUserId: text().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("share_ledger_household_idx").on(t.householdId, t.effectiveOn),
    index("share_ledger_village_idx").on(t.villageCode, t.effectiveOn),
    check(
      "share_ledger_sign",
      sql`(${t.entryType} in ('subscribe','increase','transfer_in') and ${t.quantity} > 0)
       or (${t.entryType} in ('transfer_out','redeem') and ${t.quantity} < 0)`,
    ),
    check(
      "share_ledger_counterparty",
      sql`(${t.entryType} in ('transfer_out','transfer_in')) = (${t.counterpartyHouseholdId} is not null)`,
    ),
  ],
);
