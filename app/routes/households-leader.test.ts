import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { households } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { get, inEnglish, statusOf } from "../../tests/registers";
import { loader } from "./villages.$code.households";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const list = `/villages/${HONGHE}/households`;
type ListData = Awaited<ReturnType<typeof loader>>;

let database: Database;
let sec: string;
beforeAll(async () => {
  database = await seededDatabase();
  sec = await cookieFor("sec-honghe");
});

describe("/villages/:code/households?leader= — the households each 联户长 looks after", () => {
  it("lists exactly one leader's households, and every leader's lists together make the register", async () => {
    const all = (await get(loader, list, { code: HONGHE }, sec)) as ListData;
    expect(all.leaders.length).toBeGreaterThan(1);
    expect(all.query.leader).toBeNull();
    let sum = 0;
    for (const leader of all.leaders) {
      const d = (await get(loader, `${list}?leader=${leader.id}`, { code: HONGHE }, sec)) as ListData;
      expect(d.query.leader).toEqual({ id: leader.id, name: leader.name, households: leader.households });
      expect(d.list.total).toBe(leader.households);
      expect(d.list.rows.every((r) => r.leaderName === leader.name)).toBe(true);
      expect(d.list.total).toBe(await database.db.$count(households, and(eq(households.leaderId, leader.id), isNull(households.leftOn))));
      sum += d.list.total;
    }
    const unled = await database.db.$count(
      households,
      and(eq(households.villageCode, HONGHE), isNull(households.leaderId), isNull(households.leftOn)),
    );
    expect(sum + unled).toBe(all.list.total);
  });

  it("combines with the name search and the pages, and the town reads it too", async () => {
    const all = (await get(loader, list, { code: HONGHE }, sec)) as ListData;
    const leader = all.leaders.find((l) => l.households > 0)!;
    const first = (await get(loader, `${list}?leader=${leader.id}`, { code: HONGHE }, sec)) as ListData;
    const someone = first.list.rows[0]!;
    const found = (await get(
      loader,
      `${list}?leader=${leader.id}&q=${encodeURIComponent(someone.headName)}`,
      { code: HONGHE },
      sec,
    )) as ListData;
    expect(found.list.rows.map((r) => r.code)).toContain(someone.code);
    expect(found.list.rows.every((r) => r.leaderName === leader.name)).toBe(true);
    // another leader's household is not found under this leader, even by its exact number
    const other = all.list.rows.find((r) => r.leaderName && r.leaderName !== leader.name)!;
    const none = (await get(loader, `${list}?leader=${leader.id}&q=${other.code}`, { code: HONGHE }, sec)) as ListData;
    expect(none.list.total).toBe(0);
    const page2 = (await get(loader, `${list}?leader=${leader.id}&page=2`, { code: HONGHE }, sec)) as ListData;
    expect(page2.list.rows.length).toBe(Math.max(0, Math.min(50, leader.households - 50)));
    const town = (await get(loader, `${list}?leader=${leader.id}`, { code: HONGHE }, await cookieFor("town-kuandong"))) as ListData;
    expect(town.list.total).toBe(leader.households);
  });

  it("refuses a malformed leader or another village's leader with a 400 in the user's language, and other villages' secretaries with a 403", async () => {
    const chashan = (await get(loader, `/villages/${CHASHAN}/households`, { code: CHASHAN }, await cookieFor("sec-chashan"))) as ListData;
    const foreign = chashan.leaders[0]!.id;
    const r = (await get(loader, `${list}?leader=${foreign}`, { code: HONGHE }, sec)) as Response;
    expect(r.status).toBe(400);
    expect(await r.text()).toBe("leader: 本村没有这位联户长");
    const en = (await get(loader, `${list}?leader=${foreign}`, { code: HONGHE }, await inEnglish(sec))) as Response;
    expect(await en.text()).toBe("leader: No such household-group leader in this village");
    for (const bad of ["abc", "0", "-1", "1.5", "9".repeat(12)]) {
      const b = (await get(loader, `${list}?leader=${bad}`, { code: HONGHE }, sec)) as Response;
      expect(b.status, bad).toBe(400);
      expect(await b.text(), bad).toBe("leader: 联户长选择无效");
    }
    expect(statusOf(await get(loader, `${list}?leader=${foreign}`, { code: HONGHE }, await cookieFor("sec-chashan")))).toBe(403);
  });
});
