/**
 * The one clock the security code reads (session expiry, throttling, audit time). Tests move it;
 * everything else gets the wall clock.
 */
let offsetMs = 0;
let fixed: number | null = null;

export function now(): Date {
  return new Date(fixed ?? Date.now() + offsetMs);
}

/** Tests: stop the clock at a moment (or resume the wall clock with null). */
export function setNowForTests(at: Date | null) {
  fixed = at ? at.getTime() : null;
  offsetMs = 0;
}

/** Tests: move the clock forward (or back, with a negative number). */
export function advanceClockForTests(ms: number) {
  if (fixed != null) fixed += ms;
  else offsetMs += ms;
}
