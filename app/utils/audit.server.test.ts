import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog } from "@db/schema";
import { seededDatabase } from "../../tests/db";
import { writeAudit } from "./audit.server";
import { setNowForTests } from "./clock.server";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

const rows = async () => Number((await database.db.select({ n: count() }).from(auditLog))[0].n);

describe("the audit log", () => {
  it("is written in the change's own transaction: a change that fails leaves no row", async () => {
    const before = await rows();
    await expect(
      database.db.transaction(async (tx) => {
        await writeAudit(tx, { actor: "system", action: "test.rollback", entity: "test", entityId: 1, after: { fen: 12345678901234n } });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await rows()).toBe(before);
  });

  it("keeps who, what, which record, before, after, when and from where; BigInt amounts as exact strings", async () => {
    setNowForTests(new Date("2026-05-01T00:00:00Z"));
    try {
      await database.db.transaction((tx) =>
        writeAudit(tx, {
          actor: { id: "demo-admin", username: "admin" },
          action: "test.write",
          entity: "income_year",
          entityId: 42,
          villageCode: "520323102201",
          before: { distributableFen: 14_093_000n },
          after: { distributableFen: 14_093_001n },
          ip: "198.51.100.5",
        }),
      );
    } finally {
      setNowForTests(null);
    }
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, "test.write"));
    expect(row).toMatchObject({
      actorUserId: "demo-admin",
      actorName: "admin",
      entity: "income_year",
      entityId: "42",
      villageCode: "520323102201",
      before: { distributableFen: "14093000" },
      after: { distributableFen: "14093001" },
      ip: "198.51.100.5",
      at: new Date("2026-05-01T00:00:00Z"),
    });
  });

  it(`refuses UPDATE, DELETE and TRUNCATE in the database itself (${process.env.TEST_DB === "postgres" ? "PostgreSQL" : "PGlite"})`, async () => {
    await database.db.transaction((tx) => writeAudit(tx, { actor: "system", action: "test.immutable", entity: "test", entityId: 7 }));
    const before = await rows();
    await expect(database.db.execute(sql`UPDATE audit_log SET action = 'tampered' WHERE action = 'test.immutable'`)).rejects.toThrow();
    await expect(database.db.update(auditLog).set({ actorName: "someone else" })).rejects.toThrow();
    await expect(database.db.execute(sql`DELETE FROM audit_log WHERE action = 'test.immutable'`)).rejects.toThrow();
    await expect(database.db.delete(auditLog)).rejects.toThrow();
    await expect(database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    expect(await rows()).toBe(before);
    const [row] = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.action, "test.immutable"));
    expect(row.action).toBe("test.immutable");
  });

  it("says why it refuses", async () => {
    const error = await database.db.execute(sql`DELETE FROM audit_log`).then(
      () => null,
      (e: unknown) => e as { message?: string; cause?: { message?: string } },
    );
    expect(`${error?.message} ${error?.cause?.message}`).toMatch(/audit_log is append-only: DELETE refused/);
  });
});
