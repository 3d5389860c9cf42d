import { char, integer, pgTable, primaryKey, smallint } from "drizzle-orm/pg-core";
import { villages } from "./villages";

/**
 * 村级户数年表: how many member households (and members, and share-holding households) a village
 * had at the end of a year, kept so that a province's 15,000 villages need one indexed lookup
 * each instead of counting millions of household and ledger rows per page.
 *
 * A row holds from its year on until the village's next row (rows exist only for years in which
 * something changed): "as at the end of year Y" is the village's latest row with year ≤ Y.
 * Maintained by the database itself — statement triggers on households and share_ledger call
 * refresh_village_figures(codes) (migration 0002/0003), so no writer can forget it; bulk loaders
 * may `set local village_ledger.defer_figures = 'on'` and call the function once at the end.
 */
export const villageYearFigures = pgTable(
  "village_year_figures",
  {
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    year: smallint().notNull(),
    households: integer().notNull(),
    members: integer().notNull(),
    /** households holding a positive number of shares of any class at the year's end */
    shareholderHouseholds: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.villageCode, t.year] })],
);
