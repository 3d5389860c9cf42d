/**
 * Region dashboards read many villages; their figures change only when someone changes the data
 * underneath. So the computed figures of a (region, year, filters) are kept in this process under
 * the database's figures_version (a sequence that statement triggers on every table the
 * dashboards read move forward — migration 0005), and recomputed as soon as it moved. Each
 * lookup costs one tiny query; a recomputation the usual bounded set of aggregate queries.
 *
 * An entry also expires after FIGURES_CACHE_SECONDS (default 60): the version is bumped inside
 * the writer's transaction, so a reader racing a commit could store old figures under the new
 * version — the expiry bounds how long that can last. FIGURES_CACHE_SECONDS=0 turns caching off.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { rowsOf } from "~/models/region-figures.server";
import { getEnv } from "./env.server";

type Entry = { version: string; at: number; value: Promise<unknown> };
const MAX_ENTRIES = 500;
const KEY = Symbol.for("village-ledger.figures-cache");
const holder = globalThis as { [KEY]?: Map<string, Entry> };
const cache = (holder[KEY] ??= new Map<string, Entry>());

export async function figuresVersion(db: DbOrTx): Promise<string> {
  const [row] = rowsOf<{ v: string }>(await db.execute(sql`SELECT (last_value * (CASE WHEN is_called THEN 1 ELSE 0 END))::text AS v FROM figures_version`));
  return row?.v ?? "0";
}

const ttlMs = () => getEnv().FIGURES_CACHE_SECONDS * 1000;

/** The cached value for `key` at the current figures version, or `compute()` stored under it. */
export async function cachedFigures<T>(db: DbOrTx, key: string, compute: () => Promise<T>): Promise<T> {
  const ttl = ttlMs();
  if (ttl === 0) return compute();
  const version = await figuresVersion(db);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.version === version && now - hit.at < ttl) return hit.value as Promise<T>;
  const value = compute();
  cache.delete(key);
  cache.set(key, { version, at: now, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Tests: forget everything. */
export function clearFiguresCache() {
  cache.clear();
}
