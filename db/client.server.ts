import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import * as schema from "./schema";
import { getDbSettings } from "./settings";

/** The one database type the app sees, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: inside a transaction use only this (PGlite deadlocks otherwise). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: functions that may run inside or outside a transaction take this. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  /** the underlying client, for tests that need raw statements */
  raw: PGlite | postgres.Sql;
};

const here = path.dirname(fileURLToPath(import.meta.url));
/** drizzle/ sits beside db/ in the repo; the server build runs from build/server, hence the search. */
export const migrationsFolder =
  [path.resolve(here, "../drizzle"), path.resolve(here, "../../drizzle"), path.resolve(process.cwd(), "drizzle")].find((p) =>
    existsSync(path.join(p, "meta/_journal.json")),
  ) ?? path.resolve(process.cwd(), "drizzle");

// int8 comes back as text from both drivers, so drizzle's bigint mode and our raw queries
// turn it into BigInt without ever passing through a float.
const INT8_OID = 20;

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { parsers: { [INT8_OID]: (v: string) => v } });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, kind: "pglite", raw: client, close: () => client.close() };
}

async function openPostgres(url: string, max = 10): Promise<Database> {
  const { default: postgresFactory } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgresFactory(url, { max, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return { db, kind: "postgres", raw: client, close: () => client.end({ timeout: 5 }) };
}

/** Opens a database without touching the process-wide one (scripts and tests). */
export async function openDatabase(opts: { url?: string; dataDir?: string; max?: number } = {}) {
  const env = getDbSettings();
  const url = opts.url ?? env.DATABASE_URL;
  return url ? openPostgres(url, opts.max) : openPglite(opts.dataDir ?? env.PGLITE_DIR);
}

/** Applies the committed migrations; on a server over its own single connection. */
export async function migrateDatabase(database: Database) {
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder });
  } else {
    const url = getDbSettings().DATABASE_URL!;
    const one = await openPostgres(url, 1);
    try {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(one.db as never, { migrationsFolder });
    } finally {
      await one.close();
    }
  }
}

// The server build and the scripts may each carry a copy of this module; one global keeps
// one database per process.
const KEY = Symbol.for("village-ledger.database");
type Holder = { [KEY]?: Promise<Database> };

/** The process's database, migrated on first use. */
export function getDatabase(): Promise<Database> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = (async () => {
      const database = await openDatabase();
      await migrateDatabase(database);
      return database;
    })();
    g[KEY].catch(() => {
      delete g[KEY];
    });
  }
  return g[KEY];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase() {
  const g = globalThis as Holder;
  const pending = g[KEY];
  delete g[KEY];
  if (pending) await (await pending).close();
}

/** Rows from db.execute on either driver (postgres.js gives an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Reads a count or sum that came back as int8 text. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "string") return BigInt(v);
  if (v == null) return 0n;
  throw new TypeError(`not an integer: ${String(v)}`);
}
