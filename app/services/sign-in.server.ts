import { getDb } from "@db/client.server";
import { refuse, type Refusal } from "~/domain/refusal";
import { parseForm } from "~/domain/form";
import { SIGN_IN_WRONG, signInFormSchema, signInThrottled } from "~/domain/sign-in-form";
import { findUserForSignIn, getGrants } from "~/models/users.server";
import { demoRefused, homePathFor, startSession } from "~/utils/session.server";
import { now } from "~/utils/clock.server";
import { verifyAgainstNothing, verifyPassword } from "~/utils/password.server";
import { recordSignInAttempt, signInLockedUntil } from "~/utils/throttle.server";

/**
 * Signed in (the session's cookie, and where the user goes), or refused: `invalid` with the one
 * message for every wrong answer, `throttled` with the seconds to wait and the message saying
 * when to try again.
 */
/**
 * The sign-in form through its schema. Here rather than in the route so that the sign-in page's
 * browser bundle carries neither zod nor the schema (esbuild keeps a split chunk's import even
 * when only the action used it), and the page stays light (docs/benchmarks.md).
 */
export function parseSignInForm(formData: FormData) {
  return parseForm(formData, signInFormSchema);
}

export type SignInResult =
  { ok: true; setCookie: string; home: string } | Refusal<"invalid"> | (Refusal<"throttled"> & { retryAfterSeconds: number });

/** Usernames are compared lower-cased and trimmed. */
export function normaliseUsername(username: string) {
  return username.trim().toLowerCase();
}

/**
 * Checks a username and password. While throttled (app/domain/throttle.ts) the password is not
 * even looked at. Unknown user, wrong password, disabled account and a demo account in
 * production all give the same answer and all count as failures.
 */
export async function signIn({ username, password, ip }: { username: string; password: string; ip: string }): Promise<SignInResult> {
  const db = await getDb();
  const name = normaliseUsername(username);
  const until = await signInLockedUntil({ db, username: name, ip });
  if (until) {
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000));
    return { ...refuse("throttled", { message: signInThrottled(Math.ceil(retryAfterSeconds / 60)) }), retryAfterSeconds };
  }
  const user = await findUserForSignIn({ db, username: name });
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!user || !passwordOk || user.disabledAt || demoRefused(user)) {
    await recordSignInAttempt({ db, username: name, ip, succeeded: false });
    return refuse("invalid", { message: SIGN_IN_WRONG });
  }
  await recordSignInAttempt({ db, username: name, ip, succeeded: true });
  const setCookie = await startSession(user.id, db);
  const grants = await getGrants({ db, userId: user.id });
  return { ok: true, setCookie, home: homePathFor({ mustChangePassword: user.mustChangePassword, grants }) };
}
