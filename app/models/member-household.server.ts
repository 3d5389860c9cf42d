/**
 * A member household's persons as its own page (/me) shows them: those on the register on a
 * date, each with name, relation, sex, age and birth year, and the ID number masked
 * (5203**********1234) — the full number never leaves this function.
 */
import { and, asc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { members } from "@db/schema";
import { ageOn, RELATIONS, type Relation, type Sex } from "~/domain/members";
import { maskedIdOf } from "./member-rows.server";

export type HouseholdPerson = {
  id: number;
  name: string;
  relation: Relation;
  sex: Sex;
  birthYear: number;
  age: number;
  /** masked, or null when none is kept */
  idNumber: string | null;
};

// built once per database (a prepared query): the member's page asks it on every view
const READS = new WeakMap<DbOrTx, ReturnType<typeof buildRead>>();
const buildRead = (db: DbOrTx) =>
  db
    .select({
      id: members.id,
      name: members.name,
      relation: members.relation,
      sex: members.sex,
      birthDate: members.birthDate,
      idNumberCiphertext: members.idNumberCiphertext,
      idLast4: members.idLast4,
    })
    .from(members)
    .where(
      and(
        eq(members.householdId, sql.placeholder("householdId")),
        lte(members.confirmedOn, sql.placeholder("on")),
        or(isNull(members.lostOn), gt(members.lostOn, sql.placeholder("on"))),
      ),
    )
    .orderBy(asc(members.birthDate), asc(members.id))
    .prepare("me_household_persons");

/** The household's members on `on` (confirmed on or before it, not lost by it): the head first, then by relation and birth. */
export async function householdPersons({
  db,
  householdId,
  on,
}: {
  db: DbOrTx;
  householdId: number;
  on: string;
}): Promise<HouseholdPerson[]> {
  let read = READS.get(db);
  if (!read) READS.set(db, (read = buildRead(db)));
  const rows = await read.execute({ householdId, on });
  const rank = (r: Relation) => RELATIONS.indexOf(r);
  return rows
    .sort((a, b) => rank(a.relation) - rank(b.relation))
    .map((r) => ({
      id: r.id,
      name: r.name,
      relation: r.relation,
      sex: r.sex,
      birthYear: Number(r.birthDate.slice(0, 4)),
      age: ageOn(r.birthDate, on),
      idNumber: maskedIdOf(r),
    }));
}
