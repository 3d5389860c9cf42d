import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.server";
import * as s from "../../db/schema";
import { seededDatabase } from "../../tests/db";
import { verifyPassword } from "../../app/utils/password.server";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

describe("the demo accounts", () => {
  it("are the twelve of the README's table, each marked demo, with its grant", async () => {
    const rows = await database.db
      .select({
        username: s.users.username,
        isDemo: s.users.isDemo,
        role: s.roleGrants.role,
        regionCode: s.roleGrants.regionCode,
        household: s.households.code,
        householdVillage: s.households.villageCode,
      })
      .from(s.users)
      .innerJoin(s.roleGrants, eq(s.roleGrants.userId, s.users.id))
      .leftJoin(s.households, eq(s.households.id, s.roleGrants.householdId));
    const by = Object.fromEntries(rows.map((r) => [r.username, r]));
    expect(Object.keys(by).sort()).toEqual(
      [
        "admin",
        "bureau-bozhou",
        "bureau-suiyang",
        "bureau-zunyi",
        "member-chashan-1",
        "member-honghe-1",
        "sec-chashan",
        "sec-honghe",
        "sec-huangxi",
        "sec-linjiang",
        "sec-qunle",
        "town-kuandong",
      ].sort(),
    );
    expect(rows.every((r) => r.isDemo)).toBe(true);
    expect(by.admin).toMatchObject({ role: "admin", regionCode: null });
    expect(by["bureau-zunyi"]).toMatchObject({ role: "bureau", regionCode: "520300000000" });
    expect(by["bureau-suiyang"]).toMatchObject({ role: "bureau", regionCode: "520323000000" });
    expect(by["bureau-bozhou"]).toMatchObject({ role: "bureau", regionCode: "520304000000" });
    expect(by["town-kuandong"]).toMatchObject({ role: "town", regionCode: "520323102000" });
    expect(by["sec-honghe"]).toMatchObject({ role: "secretary", regionCode: "520323102201" });
    expect(by["sec-qunle"]).toMatchObject({ role: "secretary", regionCode: "520390105201" });
    expect(by["member-honghe-1"]).toMatchObject({ role: "member", household: "H0001", householdVillage: "520323102201" });
    expect(by["member-chashan-1"]).toMatchObject({ role: "member", household: "H0001", householdVillage: "520304101201" });
  });

  it("share one argon2id hash of cunji-demo-2026", async () => {
    const hashes = await database.db.select({ hash: s.users.passwordHash }).from(s.users).where(eq(s.users.isDemo, true));
    expect(new Set(hashes.map((h) => h.hash)).size).toBe(1);
    expect(hashes[0].hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashes[0].hash, "cunji-demo-2026")).toBe(true);
  });
});
