/**
 * A household's member count comes from the 成员名册: `countsOn` for any date (the 按人口 basis
 * on a record date), and households.members kept as today's count for the lists, refreshed in
 * the transaction of every change to the register.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { households, members } from "@db/schema";
import { memberOn } from "./member-rows.server";

/** members per household of the village on `date` (households without any are absent) */
export async function memberCountsOn({
  db,
  villageCode,
  on,
}: {
  db: DbOrTx;
  villageCode: string;
  on: string;
}): Promise<Map<number, number>> {
  const rows = await db
    .select({ householdId: members.householdId, n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(eq(members.villageCode, villageCode), memberOn(on)))
    .groupBy(members.householdId);
  return new Map(rows.map((r) => [r.householdId, r.n]));
}

/** households.members := the register's count on `today`, for these households */
export async function refreshHouseholdCounts({ tx, householdIds, today }: { tx: DbOrTx; householdIds: number[]; today: string }) {
  if (householdIds.length === 0) return;
  const ids = [...new Set(householdIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await tx
      .update(households)
      .set({
        members: sql`(select count(*) from ${members} where ${members.householdId} = ${households.id} and ${memberOn(today)})::smallint`,
      })
      .where(inArray(households.id, chunk));
  }
}
