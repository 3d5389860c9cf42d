import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase, type Database } from "./client.server";
import * as s from "./schema";

let database: Database;
beforeAll(async () => {
  database = await getDatabase(); // an empty database, migrated on first use
});

async function rejects(statement: ReturnType<typeof sql>) {
  return database.db.execute(statement).then(
    () => null,
    (e: unknown) => `${(e as Error).message} ${String((e as Error & { cause?: Error }).cause?.message ?? "")}`,
  );
}

describe("migrations", () => {
  it("create every table of the domain on an empty database", async () => {
    const rows = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = (rows as unknown as { rows?: { table_name: string }[] }).rows ?? (rows as unknown as { table_name: string }[]);
    expect(names.map((r) => r.table_name)).toEqual(
      [
        "audit_log",
        "collectives",
        "cooperative_partners",
        "cooperatives",
        "distribution_allocations",
        "distribution_rules",
        "distribution_runs",
        "household_leaders",
        "households",
        "income_lines",
        "income_years",
        "industries",
        "login_attempts",
        "member_invites",
        "members",
        "notice_objections",
        "notify_targets",
        "outbox_messages",
        "regions",
        "role_grants",
        "sessions",
        "share_classes",
        "share_ledger",
        "users",
        "village_industries",
        "village_industry_years",
        "village_year_figures",
        "villager_groups",
        "villages",
      ].sort(),
    );
  });

  it("refuses bad data with real constraints", async () => {
    expect(await rejects(sql`insert into regions (code, name, level) values ('12345', 'x', 'province')`)).toMatch(
      /regions_code_digits|violates/,
    );
    await database.db.insert(s.regions).values({ code: "990000000000", name: "测试省", level: "province" });
    expect(await rejects(sql`insert into regions (code, name, level) values ('990000000000', 'dup', 'province')`)).toMatch(
      /duplicate|unique/i,
    );
    expect(
      await rejects(
        sql`insert into distribution_rules (rule_key, name, document_title, valid_from, dividend_percent, split, source, is_template) values ('k','n','d','2025-01-01', 101, '[]', 's', true)`,
      ),
    ).toMatch(/distribution_rules_percent/);
  });

  it("keeps the audit log and the share ledger append-only", async () => {
    await database.db.insert(s.auditLog).values({ actorName: "test", action: "create", entity: "x", entityId: "1" });
    expect(await rejects(sql`update audit_log set action = 'edited'`)).toMatch(/append-only/);
    expect(await rejects(sql`delete from audit_log`)).toMatch(/append-only/);
    expect(await rejects(sql`truncate audit_log`)).toMatch(/append-only/);
    expect(await rejects(sql`delete from share_ledger`)).toBeNull(); // no rows: the row trigger has nothing to refuse
    expect(await rejects(sql`truncate share_ledger`)).toMatch(/append-only/);
  });
});
