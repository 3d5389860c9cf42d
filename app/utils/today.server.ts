import { now } from "./clock.server";

/**
 * Today in China (UTC+8 all year) as YYYY-MM-DD, from the app's clock: the registers' "not in
 * the future" and the default date of holdings and movements.
 */
export function todayInChina(): string {
  return new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** This year in China, from the app's clock: the input layer's years run to the one after it. */
export function thisYearInChina(): number {
  return Number(todayInChina().slice(0, 4));
}
