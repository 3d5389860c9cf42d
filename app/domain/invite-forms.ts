/**
 * The invitation slips' forms, pure: the secretary's (slips for a villager group or for the
 * households ticked, revoking one, the list's query) and the member's on /join (the code, then
 * a password chosen under the password policy).
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { choice, id, intent, invalidRequest, page, searchQuery, text } from "./input";
import { INVITE_CODE_PROBLEMS, INVITE_STATES, normaliseInviteCode } from "./invite-code";
import { PASSWORD_MAX, PASSWORD_PROBLEMS, passwordProblem } from "./password-policy";
import { typedPassword } from "./sign-in-form";

/** at most this many slips at once: a group's households, about 40 A4 pages */
export const MAX_SLIPS = 300;

export const INVITE_MESSAGES = {
  group: message("请选择村民组", "Choose a villager group"),
  households: message("请至少勾选一户", "Tick at least one household"),
  tooMany: message(`一次最多生成 ${MAX_SLIPS} 张邀请纸条`, `At most ${MAX_SLIPS} slips at a time`),
  groupEmpty: message("该村民组没有需要邀请的在册农户", "The group has no current household to invite"),
  groupUnknown: message("村民组不属于本村", "That villager group is not in this village"),
  householdUnknown: message("勾选的农户不属于本村或已迁出，请刷新后重试", "A household ticked is not in this village or has left; reload"),
  noSuchInvite: message("没有这张邀请纸条", "No such slip"),
  notOpen: message("这张邀请纸条已使用、已作废或已过期，不能作废", "This slip has been used, revoked or has expired: nothing to revoke"),
  mismatch: message("两次输入的密码不一致", "The two passwords differ"),
  signedIn: message(
    "您已登录其他账户。开通本户账户前请先退出登录。",
    "You are signed in to another account. Sign out first to open this household's account.",
  ),
} as const satisfies Record<string, Message>;

const saidOf = (m: Message) => said(m.zh, m.en);

/** ticked: "on" (a checkbox's own value); anything else a checkbox never sends is refused */
const ticked = z
  .literal("on", { errorMap: () => ({ message: invalidRequest() }) })
  .optional()
  .transform((v) => v === "on");

/** POST /villages/:code/invites */
export const inviteActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("group"), groupId: id(saidOf(INVITE_MESSAGES.group)), skipJoined: ticked }),
    z.object({
      intent: z.literal("households"),
      householdIds: z
        .array(id(saidOf(INVITE_MESSAGES.households)), {
          required_error: saidOf(INVITE_MESSAGES.households),
          invalid_type_error: saidOf(INVITE_MESSAGES.households),
        })
        .min(1, saidOf(INVITE_MESSAGES.households))
        .max(MAX_SLIPS, saidOf(INVITE_MESSAGES.tooMany))
        .transform((ids) => [...new Set(ids)]),
    }),
    z.object({ intent: z.literal("revoke"), id: id(saidOf(INVITE_MESSAGES.noSuchInvite)) }),
  ],
  { errorMap: () => ({ message: invalidRequest() }) },
);
export type InviteAction = z.infer<typeof inviteActionSchema>;

/** GET /villages/:code/invites: the slips' list (its page, a state) and the households to tick (a search, its page) */
export const invitesQuery = z.object({
  page: page(),
  state: choice(INVITE_STATES).optional(),
  q: searchQuery(50),
  hpage: page(),
});

const codeRequired = saidOf(INVITE_CODE_PROBLEMS.empty);

/** an invitation code as typed, made canonical (app/domain/invite-code.ts) */
export const inviteCodeField = text({ max: 100, requiredMessage: codeRequired, tooLongMessage: saidOf(INVITE_CODE_PROBLEMS.length) })
  .pipe(z.string().min(1, codeRequired))
  .superRefine((typed, ctx) => {
    const read = normaliseInviteCode(typed);
    if (!read.ok) {
      const m = INVITE_CODE_PROBLEMS[read.problem];
      ctx.addIssue({ code: "custom", message: m.zh, params: { message: m } });
    }
  })
  .transform((typed) => {
    const read = normaliseInviteCode(typed);
    return read.ok ? read.code : typed;
  });

/** GET or POST /join: the code typed */
export const joinCodeSchema = z.object({ code: inviteCodeField });

const typed = (required: Message) =>
  typedPassword({ max: PASSWORD_MAX * 4, requiredMessage: saidOf(required), maxMessage: saidOf(PASSWORD_PROBLEMS.tooLong) });

/** POST /join/:code: the password, twice, under the policy (not the username the account will get) */
export function joinPasswordSchema({ username }: { username: string }) {
  return z
    .object({
      intent: intent(["join"]),
      password: typed(PASSWORD_PROBLEMS.tooShort),
      confirm: typed(INVITE_MESSAGES.mismatch),
    })
    .superRefine(({ password, confirm }, ctx) => {
      const issue = (path: "password" | "confirm", m: Message) =>
        ctx.addIssue({ code: "custom", path: [path], message: m.zh, params: { message: m } });
      const problem = passwordProblem(password, username);
      if (problem) issue("password", PASSWORD_PROBLEMS[problem]);
      else if (password !== confirm) issue("confirm", INVITE_MESSAGES.mismatch);
    });
}
export type JoinPasswordForm = z.infer<ReturnType<typeof joinPasswordSchema>>;

/** POST /join/:code from a signed-in browser: only signing out */
export const joinSignOutSchema = z.object({ intent: intent(["signout"]) });
