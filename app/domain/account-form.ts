/**
 * The account forms (账户管理), pure: a new account (its username, name and first role), the
 * manage-an-account actions (disable, enable, reset the password, add or remove a role) and the
 * accounts list's query. A role is given as a form names it: the role, a region code (for a
 * member: the village) and a household number; the model resolves them to places.
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { id, invalidRequest, optionalText, pageNumber, regionCode, text } from "./input";
import { ROLES } from "./scope";

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,59}$/;

export const USERNAME_TAKEN: Message = message("该用户名已被使用", "This username is taken");

/** why a role cannot be given as the form names it */
export const GRANT_PROBLEMS = {
  regionUnknown: { zh: "找不到该区划代码", en: "No region has this code" },
  levelMismatch: { zh: "该角色不能设在这一级区划", en: "This role cannot be given at this level of region" },
  householdUnknown: { zh: "该村没有这个户号", en: "The village has no household with this number" },
} as const satisfies Record<string, Message>;
export type GrantProblem = keyof typeof GRANT_PROBLEMS;

const saidOf = (m: Message) => said(m.zh, m.en);

const usernameInvalid = said(
  "用户名为 3–60 位小写字母、数字、点、横线或下划线，以字母或数字开头",
  "3–60 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit",
);
const displayName = said("请填写姓名或单位名称（不超过 60 字）", "Enter a name or office (at most 60 characters)");
const roleInvalid = said("请选择可创建的角色", "Choose a role you may create");
const household = saidOf(GRANT_PROBLEMS.householdUnknown);

/** the role and scope fields of the account forms */
export const grantFields = {
  role: z.enum(ROLES, { errorMap: () => ({ message: roleInvalid }) }),
  regionCode: regionCode(saidOf(GRANT_PROBLEMS.regionUnknown)).optional(),
  householdCode: text({ max: 1000, requiredMessage: household })
    .pipe(z.string().max(20, household))
    .transform((s) => s.toUpperCase())
    .optional(),
};
export const grantFieldsSchema = z.object(grantFields);
export type GrantFields = z.infer<typeof grantFieldsSchema>;

/** POST /admin/users/new */
export const newAccountSchema = z.object({
  ...grantFields,
  username: text({ max: 1000, requiredMessage: usernameInvalid })
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(USERNAME_PATTERN, usernameInvalid)),
  displayName: text({ max: 1000, requiredMessage: displayName }).pipe(z.string().min(1, displayName).max(60, displayName)),
});
export type NewAccountForm = z.infer<typeof newAccountSchema>;

/** POST /admin/users/:id: one of the account page's buttons */
export const manageAccountSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("disable") }),
    z.object({ intent: z.literal("enable") }),
    z.object({ intent: z.literal("reset-password") }),
    z.object({ intent: z.literal("add-grant"), ...grantFields }),
    z.object({ intent: z.literal("remove-grant"), grantId: id(said("没有这个角色", "No such role")) }),
  ],
  { errorMap: () => ({ message: invalidRequest() }) },
);
export type ManageAccountForm = z.infer<typeof manageAccountSchema>;

/** a user id as the URL names it (anything else is nobody the caller may manage) */
export const userIdParam = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** GET /admin/users: the search (what was typed is kept) and the page (a bad one is the first) */
export const usersQuerySchema = z.object({ q: optionalText(60), page: pageNumber() });
