import { and, desc, eq, gt, lt, max, sql } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { loginAttempts } from "@db/schema";
import { lockedUntil, THROTTLE } from "~/domain/throttle";
import { now } from "./clock.server";

/**
 * Sign-in throttling kept in the database (login_attempts), so it holds across processes and
 * restarts. The rules are in app/domain/throttle.ts.
 */

const HOUR = 60 * 60_000;

/** Until when sign-in for this account from this address is refused, or null. Three small indexed queries. */
export async function signInLockedUntil({ db, username, ip }: { db: DbOrTx; username: string; ip: string }) {
  const t = now();
  const memoryStart = new Date(t.getTime() - THROTTLE.memoryMs);
  const [lastSuccess] = await db
    .select({ at: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.username, username),
        eq(loginAttempts.ip, ip),
        eq(loginAttempts.succeeded, true),
        gt(loginAttempts.at, memoryStart),
      ),
    );
  const lastSuccessAt = lastSuccess?.at ? new Date(lastSuccess.at) : null;
  const since = lastSuccessAt && lastSuccessAt > memoryStart ? lastSuccessAt : memoryStart;
  const [failures] = await db
    .select({ n: sql<string>`count(*)`, last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)),
    );
  // the hourly cap: is there a 100th most recent failure within the hour?
  const [capRow] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(eq(loginAttempts.username, username), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, new Date(t.getTime() - HOUR))),
    )
    .orderBy(desc(loginAttempts.at))
    .limit(1)
    .offset(THROTTLE.hourlyFailureCap - 1);
  return lockedUntil(
    {
      consecutiveFailures: Number(failures?.n ?? 0),
      lastFailureAt: failures?.last ? new Date(failures.last) : null,
      capOldestFailureAt: capRow ? new Date(capRow.at) : null,
    },
    t,
  );
}

export async function recordSignInAttempt({
  db,
  username,
  ip,
  succeeded,
}: {
  db: DbOrTx;
  username: string;
  ip: string;
  succeeded: boolean;
}) {
  const t = now();
  await db.insert(loginAttempts).values({ username: username.slice(0, 60), ip: ip.slice(0, 64), succeeded, at: t });
  // keep the table small: what is older than the rules look back is no longer needed
  if (succeeded || Math.random() < 0.02) {
    await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(t.getTime() - THROTTLE.memoryMs - HOUR)));
  }
}
