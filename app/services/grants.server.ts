import { z } from "zod";
import { getDb } from "@db/client.server";
import { creatableRoles, mayGrant, ROLES, type GrantRequest } from "~/domain/scope";
import type { Translate } from "~/i18n";
import { resolveGrantRequest } from "~/models/accounts.server";
import { forbidden, type AuthUser } from "./auth.server";

/** The role and scope fields of the account forms: role, regionCode, householdCode. */
const GrantFields = z.object({
  role: z.enum(ROLES),
  regionCode: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^[0-9]{12}$/).optional())
    .optional(),
  householdCode: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v || undefined)
    .pipe(z.string().max(20).optional())
    .optional(),
});

export type GrantFieldErrors = Partial<Record<"role" | "regionCode" | "householdCode", string>>;

/**
 * Reads a grant from a submitted form. A malformed or unknown scope is the form's 400; a role
 * or place the user may not hand out is a 403 (the form never offers it).
 */
export async function grantFromForm({
  request,
  user,
  form,
  t,
}: {
  request: Request;
  user: AuthUser;
  form: Record<string, unknown>;
  t: Translate;
}): Promise<{ grant: GrantRequest } | { errors: GrantFieldErrors }> {
  const parsed = GrantFields.safeParse(form);
  if (!parsed.success) {
    const errors: GrantFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "role") errors.role = t("users.roleInvalid");
      if (field === "regionCode") errors.regionCode = t("users.regionUnknown");
      if (field === "householdCode") errors.householdCode = t("users.householdUnknown");
    }
    return { errors };
  }
  const { role, regionCode, householdCode } = parsed.data;
  if (!creatableRoles(user.grants).includes(role)) throw await forbidden(request);
  const resolved = await resolveGrantRequest({ db: await getDb(), role, regionCode, householdCode });
  if ("problem" in resolved) {
    const field = resolved.problem === "householdUnknown" ? "householdCode" : "regionCode";
    return { errors: { [field]: t(`users.${resolved.problem}`) } };
  }
  if (!mayGrant(user.grants, resolved.grant)) throw await forbidden(request);
  return { grant: resolved.grant };
}
