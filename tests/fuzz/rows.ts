/**
 * "Nothing written": the row count of every table of the app's schema and the audit trail's
 * newest id, in one statement, on either driver. Counting every table for every request is the
 * slow part of the fuzz, so the database's next transaction id is read first: a request that
 * started no writing transaction cannot have changed a count (on PostgreSQL the id is shared by
 * every database of the server, so there it only saves the counting while nothing else writes).
 */
import { sql } from "drizzle-orm";
import type { Database } from "@db/client.server";

export type Snapshot = Map<string, number>;

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

export async function tablesOf(database: Database): Promise<string[]> {
  const result = await database.db.execute(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rowsOf(result).map((r) => String(r.name));
}

export function snapshotter(database: Database, tables: string[]) {
  const quoted = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const statement = sql.raw(
    `SELECT ${[...tables.map((t) => `(SELECT count(*) FROM ${quoted(t)})::int AS ${quoted(t)}`), `(SELECT coalesce(max(id), 0) FROM audit_log)::int AS "audit_log.max_id"`].join(", ")}`,
  );
  return async (): Promise<Snapshot> => {
    const [row] = rowsOf(await database.db.execute(statement));
    return new Map(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  };
}

/** the tables whose count moved (and the audit trail's newest id), e.g. "households +1" */
export function changes(before: Snapshot, after: Snapshot, ignore: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [table, n] of after) {
    if (ignore.includes(table)) continue;
    const d = n - (before.get(table) ?? 0);
    if (d !== 0) out.push(`${table} ${d > 0 ? "+" : ""}${d}`);
  }
  return out;
}

/** what one request wrote: `around(fn)` runs it and answers the counts that moved */
export function writeWatch(database: Database, tables: string[]) {
  const snapshot = snapshotter(database, tables);
  const nextXid = async () =>
    String(rowsOf(await database.db.execute(sql`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`))[0]?.x);
  let known: { xid: string; counts: Snapshot } | null = null;
  return {
    snapshot,
    async around<T>(fn: () => Promise<T>, ignore: readonly string[] = []): Promise<{ result: T; wrote: string[] }> {
      const x0 = await nextXid();
      if (known?.xid !== x0) known = { xid: x0, counts: await snapshot() };
      const result = await fn();
      const x1 = await nextXid();
      if (x1 === x0) return { result, wrote: [] };
      const counts = await snapshot();
      const wrote = changes(known.counts, counts, ignore);
      known = { xid: x1, counts };
      return { result, wrote };
    },
  };
}
