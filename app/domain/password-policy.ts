import type { Message } from "~/i18n/message";
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "sameAsUsername";

/**
 * What is wrong with a new password, or null when it may be used: 8–128 characters (counted as
 * people see them, so 8 Chinese characters are 8), not a common password, not a single repeated
 * character, not the username.
 */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.trim())) return "common";
  if (new Set(lower).size === 1) return "common";
  if (username && lower === username.toLowerCase()) return "sameAsUsername";
  return null;
}

/** what each problem says, in both languages */
export const PASSWORD_PROBLEMS: Record<PasswordProblem, Message> = {
  tooShort: { zh: `密码至少 ${PASSWORD_MIN} 个字符`, en: `At least ${PASSWORD_MIN} characters` },
  tooLong: { zh: `密码不能超过 ${PASSWORD_MAX} 个字符`, en: `At most ${PASSWORD_MAX} characters` },
  common: { zh: "这个密码太常见，容易被猜中，请换一个", en: "This password is too common and easy to guess; choose another" },
  sameAsUsername: { zh: "密码不能与用户名相同", en: "The password must not be the username" },
};
