/**
 * 入户邀请码, pure: an 8-character code on a paper slip, typed on a phone or read from its QR
 * code. Its alphabet has no look-alikes (no 0 O 1 I L), so what is printed can be typed without
 * guessing; what people type is forgiven its case, spaces, dashes and full-width forms. A slip is
 * valid for 30 days, once. The randomness is passed in, so the rules are testable.
 */
import { message, type Message } from "~/i18n/message";

/** 31 characters: digits 2–9 and A–Z without I, L and O (≈ 39.6 bits in 8 characters) */
export const INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const INVITE_CODE_LENGTH = 8;
export const INVITE_DAYS = 30;
const DAY_MS = 86_400_000;

/** bytes of cryptographic randomness (node:crypto's randomBytes in the app) */
export type RandomBytes = (n: number) => Uint8Array;

// the largest multiple of 31 a byte can hold: bytes at or above it are dropped, so every
// character is equally likely (no modulo bias)
const ACCEPT_BELOW = 256 - (256 % INVITE_ALPHABET.length);

/** a new code from the random source */
export function makeInviteCode(random: RandomBytes): string {
  let code = "";
  while (code.length < INVITE_CODE_LENGTH) {
    for (const b of random(INVITE_CODE_LENGTH * 2)) {
      if (b >= ACCEPT_BELOW) continue;
      code += INVITE_ALPHABET[b % INVITE_ALPHABET.length];
      if (code.length === INVITE_CODE_LENGTH) break;
    }
  }
  return code;
}

/** `ABCD EFGH`: as printed, in two groups of four */
export function groupInviteCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

export type InviteCodeProblem = "empty" | "length" | "lookalike" | "characters";

/** what each problem says */
export const INVITE_CODE_PROBLEMS: Record<InviteCodeProblem, Message> = {
  empty: message("请输入纸条上的 8 位邀请码", "Enter the 8-character code on the slip"),
  length: message("邀请码是 8 位字母和数字，请核对纸条", "The code has 8 letters and digits; check the slip"),
  lookalike: message(
    "邀请码里没有数字 0、1 和字母 O、I、L，请核对纸条",
    "Codes never contain the digits 0 or 1 or the letters O, I or L; check the slip",
  ),
  characters: message("邀请码只有字母和数字，请核对纸条", "The code has only letters and digits; check the slip"),
};

const SEPARATORS = /[\s\-_.·・—–/\\]+/gu;

/**
 * The code as typed, made canonical (upper case; spaces, dashes and dots taken out; full-width
 * letters and digits read as their ASCII forms), or why it cannot be one. Look-alikes (0 O 1 I L)
 * are not guessed at: they are none of the alphabet's, so the slip must be checked.
 */
export function normaliseInviteCode(typed: string): { ok: true; code: string } | { ok: false; problem: InviteCodeProblem } {
  const s = typed.normalize("NFKC").replace(SEPARATORS, "").toUpperCase();
  if (s.length === 0) return { ok: false, problem: "empty" };
  if (!/^[0-9A-Z]+$/.test(s)) return { ok: false, problem: "characters" };
  if ([...s].some((c) => !INVITE_ALPHABET.includes(c))) return { ok: false, problem: "lookalike" };
  if (s.length !== INVITE_CODE_LENGTH) return { ok: false, problem: "length" };
  return { ok: true, code: s };
}

export const INVITE_STATES = ["open", "used", "revoked", "expired"] as const;
export type InviteState = (typeof INVITE_STATES)[number];

export type InviteTimes = { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null };

/** a slip's state at `now`: used or revoked whatever the date; else expired from its expiry on; else open */
export function inviteState(invite: InviteTimes, now: Date): InviteState {
  if (invite.usedAt) return "used";
  if (invite.revokedAt) return "revoked";
  if (now.getTime() >= invite.expiresAt.getTime()) return "expired";
  return "open";
}

/** when a slip made at `createdAt` stops working: 30 days later to the millisecond */
export function inviteExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + INVITE_DAYS * DAY_MS);
}

/** what a slip that cannot be used says, by its state (an unknown code: `unknown`) */
export const INVITE_STATE_MESSAGES: Record<Exclude<InviteState, "open"> | "unknown", Message> = {
  unknown: message(
    "没有这个邀请码。请核对纸条上的 8 位邀请码，或向村里索取新的邀请纸条。",
    "No slip has this code. Check the 8 characters on the slip, or ask the village for a new slip.",
  ),
  used: message(
    "这个邀请码已经用过，账户已开通。请用开通时的用户名和密码登录；忘记密码请找村里重置。",
    "This code has been used and its account opened. Sign in with that account; if the password is lost, ask the village to reset it.",
  ),
  revoked: message("这个邀请码已作废。请向村里索取新的邀请纸条。", "This code has been revoked. Ask the village for a new slip."),
  expired: message(
    `这个邀请码已过期（有效期 ${INVITE_DAYS} 天）。请向村里索取新的邀请纸条。`,
    `This code has expired (slips are valid for ${INVITE_DAYS} days). Ask the village for a new slip.`,
  ),
};

/**
 * The new account's username from the village and household codes (`520323102201-h0001`), kept
 * to what usernames may hold; `taken` says which are in use, and `-2`, `-3` … is added until one
 * is free.
 */
export function memberUsername(villageCode: string, householdCode: string, taken: (candidate: string) => boolean): string {
  const part = householdCode
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "")
    .slice(0, 30);
  const base = `${villageCode}-${part || "h"}`.replace(/[-._]+$/, "");
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
