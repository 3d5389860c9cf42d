import type { Database } from "../db/client.server";

/**
 * Counts the statements sent to the database while `fn` runs, on either driver, by wrapping the
 * client's one entry point (postgres.js `unsafe`, PGlite `query`) that drizzle calls.
 */
export async function countQueries<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const raw = database.raw as unknown as Record<string, (...args: unknown[]) => unknown>;
  const key = database.kind === "postgres" ? "unsafe" : "query";
  const original = raw[key]!;
  raw[key] = function (this: unknown, ...args: unknown[]) {
    statements.push(String(args[0]).replace(/\s+/g, " ").slice(0, 120));
    return original.apply(raw, args);
  };
  try {
    const result = await fn();
    return { result, count: statements.length, statements };
  } finally {
    raw[key] = original;
  }
}
