/**
 * What the income year's page shows (村级收支): the village, the year with its lines, the
 * village's industries to choose from and the lines moving more than the threshold against last
 * year; and what stops a year being submitted (unexplained variances).
 */
import type { DbOrTx } from "@db/client.server";
import { submissionBlockers, varianceFlags } from "~/domain/variance";
import type { Message } from "~/i18n/message";
import { getIncomeYear, getPreviousYearLines, listIndustryChoices } from "./income.server";
import { getVillageIdentity } from "./villages.server";

/** The page of one village's year; the caller has checked access to the village. */
export async function getIncomeYearPage({
  db,
  villageCode,
  year,
  threshold,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  threshold: number;
}) {
  const [village, incomeYear, previous, industries] = await Promise.all([
    getVillageIdentity({ db, code: villageCode }),
    getIncomeYear({ db, villageCode, year }),
    getPreviousYearLines({ db, villageCode, year }),
    listIndustryChoices({ db, villageCode }),
  ]);
  if (!village) throw new Error(`village ${villageCode} vanished after its access check`);
  return {
    village: { code: village.code, name: village.name, townName: village.townName, countyName: village.countyName },
    year,
    incomeYear,
    industries,
    flags: incomeYear ? varianceFlags(incomeYear.lines, previous, threshold) : [],
    threshold,
  };
}

/** The ids of the village's industries: a line may name only these. */
export async function industryIdsOf({ db, villageCode }: { db: DbOrTx; villageCode: string }): Promise<Set<number>> {
  return new Set((await listIndustryChoices({ db, villageCode })).map((i) => i.id));
}

/** Why the stored year cannot be submitted yet: lines moving past the threshold without a note. */
export async function submissionBlockersOf({
  db,
  villageCode,
  year,
  threshold,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  threshold: number;
}): Promise<Message[]> {
  const [current, previous] = await Promise.all([
    getIncomeYear({ db, villageCode, year }),
    getPreviousYearLines({ db, villageCode, year }),
  ]);
  return current ? submissionBlockers(current.lines, previous, threshold) : [];
}
