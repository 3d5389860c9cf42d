/**
 * The sign-in form (登录), pure: a username and a password. A wrong password, an unknown user,
 * a disabled account and a refused demo account all get the one message; while the address or
 * the account is throttled, the same message says when to try again.
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { text } from "./input";

const required = said("请输入用户名和密码", "Enter a username and a password");

export const SIGN_IN_WRONG: Message = message("用户名或密码错误", "Wrong username or password");

export function signInThrottled(minutes: number): Message {
  return message(
    `用户名或密码错误。尝试次数过多，请 ${minutes} 分钟后再试。`,
    `Wrong username or password. Too many tries: please try again in ${minutes} min.`,
  );
}

/** a password as typed: never trimmed, never checked for characters (only its hash is kept) */
export function typedPassword({
  max,
  requiredMessage,
  maxMessage = requiredMessage,
}: {
  max: number;
  requiredMessage: string;
  maxMessage?: string;
}) {
  return z.string({ invalid_type_error: said("请填写文字", "Enter text"), required_error: requiredMessage }).max(max, maxMessage);
}

/** POST /login; `redirectTo` is where the user was headed (only a path on this site is followed) */
export const signInFormSchema = z.object({
  username: text({ max: 1000, requiredMessage: required }).pipe(z.string().min(1, required).max(60, required)),
  password: typedPassword({ max: 200, requiredMessage: required }),
  redirectTo: z.unknown(),
});
export type SignInForm = z.infer<typeof signInFormSchema>;
