/**
 * The demo villages' 成员名册: persons for every demo household that has none yet, as many as the
 * household's member count, with invented names and (where a key can keep them) synthetic ID
 * numbers that pass the check digit. Used by the seed and, for a database seeded before the
 * register existed, at start (idempotent: a household with persons is left alone).
 */
import { and, eq, notExists } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.server";
import * as s from "../../db/schema";
import { makeIdNumber, type Relation } from "../../app/domain/members";
import { canKeepIdNumbers, NO_ID_NUMBER, sealIdNumber } from "../../app/models/member-identity.server";
import { inventName, prng } from "./names";

const RESOLUTION = "农村集体产权制度改革成员确认名单（示例数据）";
const BIRTH_RESOLUTION = "新增成员登记（出生，示例数据）";

type DemoHousehold = { id: number; villageCode: string; code: string; headName: string; members: number; joinedOn: string };

const pad = (n: number) => String(n).padStart(2, "0");
const dayOf = (year: number, rand: () => number) => `${year}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
const hash = (text: string) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/** the persons of one household: a head, a spouse, children, then a parent or a grandchild */
export function demoPersons(h: DemoHousehold, withIdNumbers: boolean) {
  const rand = prng(hash(`${h.villageCode}/${h.code}`));
  const headBorn = 1950 + Math.floor(rand() * 36);
  const headSex = rand() < 0.8 ? "male" : "female";
  const surname = h.headName[0]!;
  const plan: { relation: Relation; born: number; sex: "male" | "female"; name: string }[] = [];
  for (let i = 0; i < h.members; i++) {
    const sex = i === 0 ? headSex : i === 1 ? (headSex === "male" ? "female" : "male") : rand() < 0.5 ? "male" : "female";
    if (i === 0) plan.push({ relation: "head", born: headBorn, sex, name: h.headName });
    else if (i === 1) plan.push({ relation: "spouse", born: headBorn + Math.floor(rand() * 7) - 3, sex, name: inventName(rand) });
    else if (i <= 4)
      plan.push({
        relation: "child",
        born: Math.min(2024, headBorn + 22 + Math.floor(rand() * 14)),
        sex,
        name: surname + inventName(rand).slice(1),
      });
    else if (i === 5) plan.push({ relation: "parent", born: headBorn - 24 - Math.floor(rand() * 8), sex, name: inventName(rand) });
    else
      plan.push({
        relation: "grandchild",
        born: Math.min(2025, headBorn + 46 + Math.floor(rand() * 10)),
        sex,
        name: surname + inventName(rand).slice(1),
      });
  }
  return plan.map((p, i) => {
    const birthDate = dayOf(p.born, rand);
    // confirmed at the reform (Art. 66: no need to confirm again) when born by then, else at birth
    const atReform = birthDate <= h.joinedOn;
    const sequence = 100 + Math.floor(rand() * 400) * 2 + (p.sex === "male" ? 1 : 0);
    const idNumber = withIdNumbers ? makeIdNumber(h.villageCode.slice(0, 6), birthDate, sequence) : null;
    return {
      villageCode: h.villageCode,
      householdId: h.id,
      name: p.name,
      relation: p.relation,
      sex: p.sex,
      birthDate,
      ...(idNumber ? sealIdNumber(idNumber) : NO_ID_NUMBER),
      confirmedOn: atReform ? h.joinedOn : birthDate,
      confirmationBasis: atReform ? ("reform" as const) : ("birth" as const),
      confirmationResolution: atReform ? RESOLUTION : BIRTH_RESOLUTION,
      isDemo: true,
      position: i,
    };
  });
}

/** Persons for the demo households without any; returns how many were written. */
export async function ensureDemoMembers(db: DbOrTx): Promise<number> {
  const bare = await db
    .select({
      id: s.households.id,
      villageCode: s.households.villageCode,
      code: s.households.code,
      headName: s.households.headName,
      members: s.households.members,
      joinedOn: s.households.joinedOn,
    })
    .from(s.households)
    .where(
      and(
        eq(s.households.isDemo, true),
        notExists(db.select({ one: s.members.id }).from(s.members).where(eq(s.members.householdId, s.households.id))),
      ),
    )
    .orderBy(s.households.id);
  if (bare.length === 0) return 0;
  const withIds = canKeepIdNumbers();
  const rows = bare.flatMap((h) => demoPersons(h, withIds).map(({ position: _, ...row }) => row));
  for (let i = 0; i < rows.length; i += 500) await db.insert(s.members).values(rows.slice(i, i + 500));
  return rows.length;
}

/** at start: a database seeded before the register gets its demo persons, in one transaction */
export async function migrateDemoMembers(db: Db): Promise<number> {
  return db.transaction((tx) => ensureDemoMembers(tx));
}
