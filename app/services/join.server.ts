/**
 * /join: a household member opens the account an invitation slip offers. Looking a code up is
 * throttled like signing in (app/domain/throttle.ts), per client address: every wrong, used,
 * revoked or expired code counts as a failure, and after 5 the wait doubles from 30 s. The
 * attempts are kept beside the sign-in ones under a key no username can be ("#join <address>"),
 * so an address guessing codes never locks anyone's account, and no account's failures slow /join.
 */
import { getDb } from "@db/client.server";
import { groupInviteCode, INVITE_CODE_PROBLEMS, memberUsername, normaliseInviteCode } from "~/domain/invite-code";
import { maskName } from "~/domain/mask-name";
import { refuse, type Refusal } from "~/domain/refusal";
import { message } from "~/i18n/message";
import { findInviteByCode, inviteRefusal, redeemInvite } from "~/models/member-invites.server";
import { now } from "~/utils/clock.server";
import { hashPassword } from "~/utils/password.server";
import { startSession } from "~/utils/session.server";
import { recordSignInAttempt, signInLockedUntil } from "~/utils/throttle.server";

const throttleKey = (ip: string) => `#join ${ip}`.slice(0, 60);

export function joinThrottled(minutes: number) {
  return message(
    `输入错误的邀请码次数过多，请 ${minutes} 分钟后再试。`,
    `Too many wrong codes from this address: please try again in ${minutes} min.`,
  );
}

type Throttled = Refusal<"throttled"> & { retryAfterSeconds: number };

/** what a household sees on the slip's page: the village, the household's number and its head's name masked */
export type JoinHousehold = { villageName: string; householdCode: string; headMasked: string; expiresAt: string; usernameBase: string };

export type Lookup =
  { ok: true; code: string; grouped: string; household: JoinHousehold } | Throttled | Refusal<"invalid" | "wrong_state" | "gone">;

async function throttled(ip: string): Promise<Throttled | null> {
  const until = await signInLockedUntil({ db: await getDb(), username: throttleKey(ip), ip });
  if (!until) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000));
  return { ...refuse("throttled", { message: joinThrottled(Math.ceil(retryAfterSeconds / 60)) }), retryAfterSeconds };
}

async function record(ip: string, succeeded: boolean) {
  await recordSignInAttempt({ db: await getDb(), username: throttleKey(ip), ip, succeeded });
}

/**
 * The slip a code (as the URL or the form gives it) names, if it can still be used. While the
 * address is throttled nothing is looked up; a malformed code is refused without a look-up (it
 * names no slip and counts for nothing); any other code that cannot be used counts as a failure.
 */
export async function lookUpInvite({ code: typed, ip }: { code: string; ip: string }): Promise<Lookup> {
  const wait = await throttled(ip);
  if (wait) return wait;
  const read = normaliseInviteCode(typed);
  if (!read.ok) return refuse("invalid", { message: INVITE_CODE_PROBLEMS[read.problem] });
  const found = await findInviteByCode({ db: await getDb(), code: read.code });
  const state = found?.state ?? "unknown";
  if (!found || state !== "open") {
    await record(ip, false);
    return inviteRefusal(state === "open" ? "unknown" : state);
  }
  return {
    ok: true,
    code: read.code,
    grouped: groupInviteCode(read.code),
    household: {
      villageName: found.villageName,
      householdCode: found.householdCode,
      headMasked: maskName(found.headName),
      expiresAt: found.expiresAt.toISOString(),
      usernameBase: memberUsername(found.villageCode, found.householdCode, () => false),
    },
  };
}

export type Joined = { ok: true; username: string; setCookie: string };

/** Opens the account (the code looked up already) and signs it in: the new session's cookie. */
export async function joinWithInvite({
  code,
  password,
  ip,
}: {
  code: string;
  password: string;
  ip: string;
}): Promise<Joined | Refusal<"invalid" | "wrong_state" | "gone">> {
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const redeemed = await redeemInvite({ db, code, passwordHash, ip });
  if (!redeemed.ok) {
    await record(ip, false);
    return redeemed;
  }
  await record(ip, true);
  return { ok: true, username: redeemed.username, setCookie: await startSession(redeemed.userId, db) };
}
