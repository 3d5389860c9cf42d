/**
 * Sign-in throttling, as pure arithmetic over what the database remembers (login_attempts).
 *
 * - Per account and address: the first 5 failures since the last success cost nothing; from then
 *   on each try must wait 30 s × 2^(failures − 5) after the last failure (30 s, 1 min, 2 min …,
 *   at most 1 hour). So the 6th try right after 5 failures is refused, and six wrong passwords
 *   lock the account (from that address) for a minute, seven for two, and so on.
 * - Per account, from all addresses together: at most 100 failures in any hour; once there, every
 *   try is refused until the oldest of those 100 is an hour old.
 * A refused try is not checked against the password and not counted as a failure.
 */
export const THROTTLE = {
  freeFailures: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  hourlyFailureCap: 100,
  /** failures older than this no longer count towards the per-address delay */
  memoryMs: 24 * 60 * 60_000,
} as const;

export type AttemptHistory = {
  /** failures for this account from this address since its last success (within THROTTLE.memoryMs) */
  consecutiveFailures: number;
  lastFailureAt: Date | null;
  /** when the hourly cap is reached: the oldest of the last `hourlyFailureCap` failures of the account */
  capOldestFailureAt: Date | null;
};

/** The delay the per-address rule asks for after n consecutive failures (0 when none). */
export function delayAfter(consecutiveFailures: number): number {
  const over = consecutiveFailures - THROTTLE.freeFailures;
  if (over < 0) return 0;
  // 2^over overflows nothing here: past 7 the cap has long been reached
  return Math.min(THROTTLE.baseDelayMs * 2 ** Math.min(over, 30), THROTTLE.maxDelayMs);
}

/** Until when tries are refused, or null when one may try now. */
export function lockedUntil(history: AttemptHistory, now: Date): Date | null {
  const candidates: number[] = [];
  if (history.lastFailureAt && history.consecutiveFailures >= THROTTLE.freeFailures) {
    candidates.push(history.lastFailureAt.getTime() + delayAfter(history.consecutiveFailures));
  }
  if (history.capOldestFailureAt) candidates.push(history.capOldestFailureAt.getTime() + 60 * 60_000);
  const until = Math.max(0, ...candidates);
  return until > now.getTime() ? new Date(until) : null;
}
