import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "../../db/client.server";
import * as s from "../../db/schema";
import { seededDatabase } from "../../tests/db";
import { birthDateOf, isValidIdNumber, sexOf } from "../../app/domain/members";
import { memberCountsOn, refreshHouseholdCounts } from "../../app/models/household-counts.server";
import { revealIdNumber } from "../../app/models/member-identity.server";
import { VILLAGE_CODES } from "./facts";
import { ensureDemoMembers } from "./demo-members";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

describe("the demo villages' member register", () => {
  it("gives every demo household as many persons as its member count, one head each", async () => {
    const rows = await database.db.execute(sql`
      select h.code, h.members, count(m.id)::int as persons, count(m.id) filter (where m.relation = 'head')::int as heads
      from households h left join members m on m.household_id = h.id
      where h.is_demo group by h.id, h.code, h.members`);
    const list = rowsOf<{ code: string; members: number; persons: number; heads: number }>(rows);
    expect(list.length).toBeGreaterThan(1000);
    for (const r of list) {
      expect(r.persons).toBe(r.members);
      expect(r.heads).toBe(r.members > 0 ? 1 : 0);
    }
  });

  it("keeps ID numbers encrypted, valid and agreeing with birth date and sex; labels the persons as demo data", async () => {
    const persons = await database.db.select().from(s.members).where(eq(s.members.villageCode, VILLAGE_CODES.honghe)).limit(200);
    expect(persons.length).toBe(200);
    for (const p of persons) {
      expect(p.isDemo).toBe(true);
      expect(p.idNumberCiphertext).not.toMatch(/\d{17}/);
      const id = revealIdNumber(p.idNumberCiphertext)!;
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.slice(0, 6)).toBe("520323");
      expect(birthDateOf(id)).toBe(p.birthDate);
      expect(sexOf(id)).toBe(p.sex);
      expect(p.idLast4).toBe(id.slice(-4));
      expect(p.confirmedOn >= p.birthDate).toBe(true);
    }
  });

  it("counts from the register on a date agree with today's count, and refreshing keeps them", async () => {
    const counts = await memberCountsOn({ db: database.db, villageCode: VILLAGE_CODES.honghe, on: "2026-12-01" });
    const households = await database.db
      .select({ id: s.households.id, members: s.households.members })
      .from(s.households)
      .where(eq(s.households.villageCode, VILLAGE_CODES.honghe));
    for (const h of households) expect(counts.get(h.id) ?? 0).toBe(h.members);
    // before anyone was confirmed, nobody counts
    expect((await memberCountsOn({ db: database.db, villageCode: VILLAGE_CODES.honghe, on: "1990-01-01" })).size).toBe(0);
    await database.db.transaction(async (tx) => {
      await tx.update(s.households).set({ members: 0 }).where(eq(s.households.id, households[0]!.id));
      await refreshHouseholdCounts({ tx, householdIds: [households[0]!.id], today: "2026-12-01" });
    });
    const [again] = await database.db
      .select({ members: s.households.members })
      .from(s.households)
      .where(eq(s.households.id, households[0]!.id));
    expect(again!.members).toBe(households[0]!.members);
  });

  it("adds nothing a second time", async () => {
    expect(await ensureDemoMembers(database.db)).toBe(0);
  });
});
