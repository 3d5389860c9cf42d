/**
 * The change-password form (修改密码), pure: the current password, the new one twice. The new one
 * follows the password policy; whether the current one is right only the model can say.
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { PASSWORD_MAX, PASSWORD_PROBLEMS, passwordProblem } from "./password-policy";
import { typedPassword } from "./sign-in-form";

export const WRONG_CURRENT_PASSWORD: Message = message("当前密码不正确", "The current password is wrong");
const SAME_AS_OLD = message("新密码不能与当前密码相同", "The new password must differ from the current one");
const MISMATCH = message("两次输入的新密码不一致", "The two new passwords differ");

const saidOf = (m: Message) => said(m.zh, m.en);
// (longer than any password may be: refused before anything is hashed)
const typed = (required: Message) =>
  typedPassword({ max: PASSWORD_MAX * 4, requiredMessage: saidOf(required), maxMessage: saidOf(PASSWORD_PROBLEMS.tooLong) });

/** POST /account/password, for the user `username` (the new password must not be the username) */
export function passwordChangeSchema({ username }: { username: string }) {
  return z
    .object({
      current: typed(WRONG_CURRENT_PASSWORD),
      next: typed(PASSWORD_PROBLEMS.tooShort),
      confirm: typed(MISMATCH),
    })
    .superRefine(({ current, next, confirm }, ctx) => {
      const issue = (path: "next" | "confirm", m: Message) =>
        ctx.addIssue({ code: "custom", path: [path], message: m.zh, params: { message: m } });
      const problem = passwordProblem(next, username);
      if (problem) issue("next", PASSWORD_PROBLEMS[problem]);
      else if (next === current) issue("next", SAME_AS_OLD);
      else if (next !== confirm) issue("confirm", MISMATCH);
    });
}
export type PasswordChangeForm = z.infer<ReturnType<typeof passwordChangeSchema>>;
