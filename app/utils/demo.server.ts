import { getEnv } from "./env.server";

/** The demo accounts' password (README, Demo accounts); the accounts themselves are in scripts/seed/accounts.ts. */
export const DEMO_PASSWORD = "cunji-demo-2026";

/** Demo accounts work, and are shown on the sign-in page, everywhere but in production without DEMO=1. */
export function demoAccountsAllowed(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.DEMO === "1";
}
