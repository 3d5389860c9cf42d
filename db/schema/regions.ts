import { sql } from "drizzle-orm";
import { boolean, char, check, index, pgTable, text, varchar } from "drizzle-orm/pg-core";
import { regionLevel } from "./enums";

/** 行政区划: province › city › county › town › village, keyed by the 12-digit statistical code. */
export const regions = pgTable(
  "regions",
  {
    code: char({ length: 12 }).primaryKey(),
    name: varchar({ length: 100 }).notNull(),
    level: regionLevel().notNull(),
    parentCode: char({ length: 12 }).references((): any => regions.code),
    /** true where the code's digits are invented for the demo (town and village digits). */
    codeIllustrative: boolean().notNull().default(false),
    note: text(),
  },
  (t) => [
    index("regions_parent_idx").on(t.parentCode),
    check("regions_code_digits", sql`${t.code} ~ '^[0-9]{12}$'`),
    check("regions_parent_rule", sql`(${t.level} = 'province') = (${t.parentCode} is null)`),
  ],
);
