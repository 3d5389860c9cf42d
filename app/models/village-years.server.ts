import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { incomeYears } from "@db/schema";

/** Every year the village has started, any status, newest first (the workspace's list). */
export async function listYears({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  return db
    .select({ year: incomeYears.year, status: incomeYears.status, netOperatingIncomeFen: incomeYears.netOperatingIncomeFen })
    .from(incomeYears)
    .where(eq(incomeYears.villageCode, villageCode))
    .orderBy(desc(incomeYears.year));
}
