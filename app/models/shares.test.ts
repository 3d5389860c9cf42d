import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { households, shareLedger } from "@db/schema";
import { seededDatabase } from "../../tests/db";
import { recordLeaving } from "./households.server";
import { appendMovement, holdingsOf, listShareClasses, shareTotals } from "./shares.server";

const CHASHAN = "520304101201";
const HONGHE = "520323102201";
const actor = "system" as const;
const today = "2026-11-23";
let database: Database;
let ids: Record<string, number>;
let cashClass: number;

beforeAll(async () => {
  database = await seededDatabase();
  const rows = await database.db
    .select({ id: households.id, code: households.code })
    .from(households)
    .where(eq(households.villageCode, CHASHAN));
  ids = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  cashClass = (await listShareClasses({ db: database.db, villageCode: CHASHAN }))[0].id;
});

const base = { approvedOn: "2026-01-10", approvedBy: "理事会", effectiveOn: "2026-01-10" };

describe("the share ledger", () => {
  it("counts 茶山村's 196 shareholder households", async () => {
    expect((await shareTotals({ db: database.db, villageCode: CHASHAN, date: today })).holders).toBe(196);
  });

  it("transfers within the holding, as two rows, and derives holdings on any date", async () => {
    const before = await holdingsOf({ db: database.db, villageCode: CHASHAN, householdIds: [ids.H0001, ids.H0300], date: today });
    const held = Number(before.get(ids.H0001)!.get(cashClass));
    const r = await appendMovement({
      db: database.db,
      villageCode: CHASHAN,
      movement: {
        ...base,
        type: "transfer",
        fromHouseholdId: ids.H0001,
        toHouseholdId: ids.H0300,
        shareClassId: cashClass,
        quantity: 10_000n,
      },
      actor,
      today,
    });
    expect(r.ok).toBe(true);
    const after = await holdingsOf({ db: database.db, villageCode: CHASHAN, householdIds: [ids.H0001, ids.H0300], date: today });
    expect(Number(after.get(ids.H0001)?.get(cashClass) ?? 0)).toBe(held - 1);
    expect(Number(after.get(ids.H0300)!.get(cashClass))).toBe(1);
    const onEve = await holdingsOf({ db: database.db, villageCode: CHASHAN, householdIds: [ids.H0300], date: "2026-01-09" });
    expect(onEve.get(ids.H0300)).toBeUndefined();
  });

  it("refuses a transfer beyond the holding, a future date, and another village's household — writing nothing", async () => {
    const count = async () =>
      (await database.db.select({ id: shareLedger.id }).from(shareLedger).where(eq(shareLedger.villageCode, CHASHAN))).length;
    const n = await count();
    const tooMany = await appendMovement({
      db: database.db,
      villageCode: CHASHAN,
      movement: { ...base, type: "redeem", householdId: ids.H0300, shareClassId: cashClass, quantity: 20_000n },
      actor,
      today,
    });
    expect(tooMany).toMatchObject({ ok: false, code: "invalid" });
    const future = await appendMovement({
      db: database.db,
      villageCode: CHASHAN,
      movement: {
        ...base,
        effectiveOn: "2027-01-01",
        type: "increase",
        householdId: ids.H0300,
        shareClassId: cashClass,
        quantity: 10_000n,
      },
      actor,
      today,
    });
    expect(future.ok).toBe(false);
    const [foreign] = await database.db
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.villageCode, HONGHE), eq(households.code, "H0001")));
    const cross = await appendMovement({
      db: database.db,
      villageCode: CHASHAN,
      movement: {
        ...base,
        type: "transfer",
        fromHouseholdId: ids.H0002,
        toHouseholdId: foreign.id,
        shareClassId: cashClass,
        quantity: 10_000n,
      },
      actor,
      today,
    });
    expect(cross.ok).toBe(false);
    expect(await count()).toBe(n);
  });

  it("lets a household leave only after its shares are gone", async () => {
    const refused = await recordLeaving({
      db: database.db,
      villageCode: CHASHAN,
      id: ids.H0300,
      leftOn: "2026-06-01",
      reason: "迁出",
      actor,
    });
    expect(refused).toMatchObject({ ok: false, code: "wrong_state" });
    const redeem = await appendMovement({
      db: database.db,
      villageCode: CHASHAN,
      movement: { ...base, type: "redeem", householdId: ids.H0300, shareClassId: cashClass, quantity: 10_000n },
      actor,
      today,
    });
    expect(redeem.ok).toBe(true);
    const left = await recordLeaving({ db: database.db, villageCode: CHASHAN, id: ids.H0300, leftOn: "2026-06-01", reason: "迁出", actor });
    expect(left.ok).toBe(true);
  });
});
