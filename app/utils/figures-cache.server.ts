/**
 * Region dashboards read many villages; their figures change only when someone changes the data
 * underneath. So the computed figures of a (region, year, filters) are kept in this process under
 * the database's figures_version (a sequence that statement triggers on every table the
 * dashboards read move forward — migration 0005), and recomputed as soon as it moved. Each
 * lookup costs one tiny query; a recomputation the usual bounded set of aggregate queries.
 *
 * An entry also goes stale after FIGURES_CACHE_SECONDS (default 60): the version is bumped inside
 * the writer's transaction, so a reader racing a commit could store old figures under the new
 * version — the expiry bounds how long that can last. A stale entry whose version still holds is
 * served while one recomputation runs behind it (stale-while-revalidate): otherwise every reader
 * of a province page would wait seconds for it once a minute. A moved version is never served.
 * FIGURES_CACHE_SECONDS=0 turns caching off.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@db/client.server";
import { getEnv } from "./env.server";

type Entry = { version: string; at: number; value: Promise<unknown>; refreshing?: boolean };
const MAX_ENTRIES = 500;
const KEY = Symbol.for("village-ledger.figures-cache");
const holder = globalThis as { [KEY]?: Map<string, Entry> };
const cache = (holder[KEY] ??= new Map<string, Entry>());

/** The version as text ("0" before the first change), for a query that reads it beside something else. */
export const FIGURES_VERSION_SQL = sql`(SELECT (last_value * (CASE WHEN is_called THEN 1 ELSE 0 END))::text FROM figures_version)`;

export async function figuresVersion(db: DbOrTx): Promise<string> {
  const [row] = rowsOf<{ v: string }>(await db.execute(sql`SELECT ${FIGURES_VERSION_SQL} AS v`));
  return row?.v ?? "0";
}

// The session query reads the version too (session.server.ts), so a signed-in page that is served
// from here costs one round trip, not two. Only for GET: a GET changes nothing, whereas a
// document POST runs its action (which may move the version) and then the loaders on the same
// Request, which must see the version after the change.
const versionOfRequest = new WeakMap<Request, string>();

export function noteFiguresVersion(request: Request, version: string) {
  if (request.method === "GET" || request.method === "HEAD") versionOfRequest.set(request, version);
}

const ttlMs = () => getEnv().FIGURES_CACHE_SECONDS * 1000;

/**
 * The cached value for `key` at the current figures version, or `compute()` stored under it.
 * With the `request`, the version its session lookup read is used (no query of its own).
 */
export async function cachedFigures<T>(db: DbOrTx, key: string, compute: () => Promise<T>, request?: Request): Promise<T> {
  const ttl = ttlMs();
  if (ttl === 0) return compute();
  const version = (request && versionOfRequest.get(request)) ?? (await figuresVersion(db));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    if (now - hit.at >= ttl && !hit.refreshing) refresh(key, hit, version, compute);
    return hit.value as Promise<T>;
  }
  return store(key, version, now, compute());
}

function store<T>(key: string, version: string, at: number, value: Promise<T>): Promise<T> {
  cache.delete(key);
  cache.set(key, { version, at, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Recomputes a stale entry behind the readers; the fresh value replaces it once it is ready. */
function refresh<T>(key: string, stale: Entry, version: string, compute: () => Promise<T>) {
  stale.refreshing = true;
  const at = Date.now();
  compute().then(
    (fresh) => {
      // a reader who found a moved version meanwhile has stored newer figures: keep those
      if (cache.get(key) === stale) store(key, version, at, Promise.resolve(fresh));
    },
    () => {
      stale.refreshing = false;
    },
  );
}

/** Tests: forget everything. */
export function clearFiguresCache() {
  cache.clear();
}
