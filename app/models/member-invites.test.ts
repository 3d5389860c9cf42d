import { createHash } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, households, memberInvites, roleGrants, users, villagerGroups } from "@db/schema";
import { seededDatabase } from "../../tests/db";
import { setNowForTests } from "~/utils/clock.server";
import { createInvites, findInviteByCode, listInvites, redeemInvite, revokeInvite } from "./member-invites.server";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const actor = { id: "demo-sec-honghe", username: "sec-honghe" };
const T0 = new Date("2026-03-20T02:00:00Z");
const DAY = 86_400_000;

let database: Database;
let db: Database["db"];
beforeAll(async () => {
  database = await seededDatabase();
  db = database.db;
});
afterEach(() => setNowForTests(null));

const household = async (village: string, code: string) =>
  (
    await db
      .select()
      .from(households)
      .where(and(eq(households.villageCode, village), eq(households.code, code)))
  )[0];
const auditSince = async (id: number) => db.select().from(auditLog).where(gt(auditLog.id, id)).orderBy(asc(auditLog.id));
const lastAuditId = async () => (await db.select({ id: auditLog.id }).from(auditLog)).reduce((m, r) => Math.max(m, r.id), 0);

async function slipsFor(village: string, codes: string[]) {
  const ids = await Promise.all(codes.map(async (c) => (await household(village, c)).id));
  const made = await createInvites({
    db,
    villageCode: village,
    target: { kind: "households", householdIds: ids },
    actor,
    ip: "203.0.113.5",
  });
  if (!made.ok) throw new Error(made.code);
  return made;
}

describe("making slips", () => {
  it("makes one per current household of a villager group, keeps only the codes' SHA-256, and audits the batch without a code", async () => {
    setNowForTests(T0);
    const [group] = await db.select().from(villagerGroups).where(eq(villagerGroups.villageCode, HONGHE)).orderBy(asc(villagerGroups.id));
    const inGroup = await db
      .select({ id: households.id, code: households.code })
      .from(households)
      .where(and(eq(households.groupId, group.id), isNull(households.leftOn)))
      .orderBy(asc(households.code));
    const before = await lastAuditId();
    const made = await createInvites({
      db,
      villageCode: HONGHE,
      target: { kind: "group", groupId: group.id, skipJoined: false },
      actor,
      ip: "203.0.113.5",
    });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.slips.map((s) => s.householdCode)).toEqual(inGroup.map((h) => h.code));
    expect(new Set(made.slips.map((s) => s.code)).size).toBe(made.slips.length);
    for (const s of made.slips) expect(s.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    const rows = await db
      .select()
      .from(memberInvites)
      .where(
        inArray(
          memberInvites.id,
          made.slips.map((s) => s.id),
        ),
      );
    expect(rows).toHaveLength(inGroup.length);
    const stored = JSON.stringify(rows);
    for (const s of made.slips) {
      expect(stored).not.toContain(s.code);
      const row = rows.find((r) => r.id === s.id)!;
      expect(row.codeHash).toBe(createHash("sha256").update(s.code).digest("hex"));
      expect(row.createdAt.toISOString()).toBe(T0.toISOString());
      expect(row.expiresAt.getTime() - T0.getTime()).toBe(30 * DAY);
      expect(row.createdBy).toBe(actor.id);
    }

    const trail = await auditSince(before);
    expect(trail.map((r) => r.action)).toEqual(["member_invite.create"]);
    expect(trail[0]).toMatchObject({ actorName: "sec-honghe", entity: "member_invite", villageCode: HONGHE, ip: "203.0.113.5" });
    expect(trail[0].after).toMatchObject({ count: inGroup.length, households: inGroup.map((h) => h.code), groupId: group.id });
    const text = JSON.stringify(trail[0]);
    for (const s of made.slips) expect(text).not.toContain(s.code);
  });

  it("skips the households that already have a member account when asked", async () => {
    const h1 = await household(HONGHE, "H0001");
    const made = await createInvites({ db, villageCode: HONGHE, target: { kind: "group", groupId: h1.groupId!, skipJoined: true }, actor });
    expect(made.ok && made.slips.map((s) => s.householdCode)).not.toContain("H0001");
  });

  it("revokes a household's open slips when it is given a new one", async () => {
    const first = await slipsFor(HONGHE, ["H0005"]);
    const second = await slipsFor(HONGHE, ["H0005"]);
    expect(second.revoked).toBeGreaterThanOrEqual(1);
    const [old] = await db.select().from(memberInvites).where(eq(memberInvites.id, first.slips[0].id));
    expect(old.revokedAt).not.toBeNull();
    expect(old.revokedBy).toBe(actor.id);
    expect((await findInviteByCode({ db, code: first.slips[0].code }))?.state).toBe("revoked");
    expect((await findInviteByCode({ db, code: second.slips[0].code }))?.state).toBe("open");
  });

  it("refuses a household of another village, one that has left, and another village's group, writing nothing", async () => {
    const before = await lastAuditId();
    const foreign = await household(CHASHAN, "H0002");
    const r = await createInvites({ db, villageCode: HONGHE, target: { kind: "households", householdIds: [foreign.id] }, actor });
    expect(r).toMatchObject({ ok: false, code: "invalid", field: "householdIds" });
    const [group] = await db.select().from(villagerGroups).where(eq(villagerGroups.villageCode, CHASHAN));
    const g = await createInvites({ db, villageCode: HONGHE, target: { kind: "group", groupId: group.id, skipJoined: false }, actor });
    expect(g).toMatchObject({ ok: false, code: "invalid", field: "groupId" });
    expect(await auditSince(before)).toEqual([]);
  });
});

describe("revoking a slip", () => {
  it("revokes an open one (audited) and refuses a revoked, a foreign or an unknown one", async () => {
    const { slips } = await slipsFor(HONGHE, ["H0006"]);
    const before = await lastAuditId();
    expect(await revokeInvite({ db, villageCode: HONGHE, id: slips[0].id, actor, ip: "203.0.113.6" })).toEqual({ ok: true });
    const trail = await auditSince(before);
    expect(trail.map((r) => r.action)).toEqual(["member_invite.revoke"]);
    expect(trail[0]).toMatchObject({ entityId: String(slips[0].id), villageCode: HONGHE, after: { household: "H0006" } });
    expect(await revokeInvite({ db, villageCode: HONGHE, id: slips[0].id, actor })).toMatchObject({ ok: false, code: "wrong_state" });
    expect(await revokeInvite({ db, villageCode: CHASHAN, id: slips[0].id, actor })).toMatchObject({ ok: false, code: "not_found" });
    expect(await revokeInvite({ db, villageCode: HONGHE, id: 2_000_000_000, actor })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("redeeming a slip", () => {
  it("opens the household's member account once: a user, a member grant, the slip marked used, two audit rows without the code", async () => {
    const { slips } = await slipsFor(HONGHE, ["H0010"]);
    const h = await household(HONGHE, "H0010");
    const before = await lastAuditId();
    const r = await redeemInvite({ db, code: slips[0].code, passwordHash: "argon2-hash-stand-in", ip: "203.0.113.7" });
    expect(r).toMatchObject({ ok: true, username: "520323102201-h0010", villageCode: HONGHE, householdId: h.id });
    if (!r.ok) return;
    const [user] = await db.select().from(users).where(eq(users.id, r.userId));
    expect(user).toMatchObject({ username: "520323102201-h0010", displayName: "红河村 H0010", mustChangePassword: false, isDemo: false });
    const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, r.userId));
    expect(grants).toEqual([expect.objectContaining({ role: "member", householdId: h.id, regionCode: null })]);
    const [row] = await db.select().from(memberInvites).where(eq(memberInvites.id, slips[0].id));
    expect(row.usedAt).not.toBeNull();
    expect(row.usedBy).toBe(r.userId);
    const trail = await auditSince(before);
    expect(trail.map((a) => a.action)).toEqual(["user.create", "member_invite.redeem"]);
    expect(trail[1]).toMatchObject({ actorName: "520323102201-h0010", villageCode: HONGHE, ip: "203.0.113.7" });
    expect(JSON.stringify(trail)).not.toContain(slips[0].code);
    expect(JSON.stringify(trail)).not.toContain("argon2-hash-stand-in");

    expect(await redeemInvite({ db, code: slips[0].code, passwordHash: "x" })).toMatchObject({ ok: false, code: "wrong_state" });
    expect(await redeemInvite({ db, code: "ZZZZ2222", passwordHash: "x" })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("lets exactly one of two redeems of one code at once win", async () => {
    const { slips } = await slipsFor(HONGHE, ["H0011"]);
    const both = await Promise.all([
      redeemInvite({ db, code: slips[0].code, passwordHash: "a" }),
      redeemInvite({ db, code: slips[0].code, passwordHash: "b" }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, code: "wrong_state" });
    const h = await household(HONGHE, "H0011");
    expect(await db.select().from(roleGrants).where(eq(roleGrants.householdId, h.id))).toHaveLength(1);
  });

  it("gives a second account of the same household the next free username", async () => {
    const a = await slipsFor(HONGHE, ["H0012"]);
    const first = await redeemInvite({ db, code: a.slips[0].code, passwordHash: "a" });
    const b = await slipsFor(HONGHE, ["H0012"]);
    const second = await redeemInvite({ db, code: b.slips[0].code, passwordHash: "b" });
    const c = await slipsFor(HONGHE, ["H0012"]);
    const third = await redeemInvite({ db, code: c.slips[0].code, passwordHash: "c" });
    expect([first, second, third].map((r) => r.ok && r.username)).toEqual([
      "520323102201-h0012",
      "520323102201-h0012-2",
      "520323102201-h0012-3",
    ]);
  });

  it("works for 30 days to the millisecond on the app's clock, and answers `gone` after", async () => {
    setNowForTests(T0);
    const { slips } = await slipsFor(HONGHE, ["H0013", "H0014"]);
    setNowForTests(new Date(T0.getTime() + 30 * DAY - 1));
    expect((await findInviteByCode({ db, code: slips[0].code }))?.state).toBe("open");
    expect(await redeemInvite({ db, code: slips[0].code, passwordHash: "a" })).toMatchObject({ ok: true });
    setNowForTests(new Date(T0.getTime() + 30 * DAY));
    expect((await findInviteByCode({ db, code: slips[1].code }))?.state).toBe("expired");
    expect(await redeemInvite({ db, code: slips[1].code, passwordHash: "a" })).toMatchObject({ ok: false, code: "gone" });
    expect(await revokeInvite({ db, villageCode: HONGHE, id: slips[1].id, actor })).toMatchObject({ ok: false, code: "wrong_state" });
  });
});

describe("the list of slips", () => {
  it("shows each slip's state, newest first, filters by state and counts each", async () => {
    const all = await listInvites({ db, villageCode: HONGHE, pageSize: 500 });
    expect(all.total).toBe(all.rows.length);
    expect(all.counts.open + all.counts.used + all.counts.revoked + all.counts.expired).toBe(all.total);
    expect(all.counts.used).toBeGreaterThanOrEqual(4);
    for (const state of ["open", "used", "revoked"] as const) {
      const some = await listInvites({ db, villageCode: HONGHE, state, pageSize: 500 });
      expect(some.total).toBe(all.counts[state]);
      expect(some.rows.every((r) => r.state === state)).toBe(true);
    }
    const used = (await listInvites({ db, villageCode: HONGHE, state: "used" })).rows;
    expect(used.some((r) => r.usedBy === "520323102201-h0010")).toBe(true);
    const times = all.rows.map((r) => r.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect((await listInvites({ db, villageCode: CHASHAN })).total).toBe(0);
  });
});
