/**
 * A role as the account forms give it (role, regionCode, householdCode): resolved to the places
 * the scope rules judge, and checked against what the signed-in user may hand out.
 */
import { getDb } from "@db/client.server";
import { grantFieldsSchema, type GrantFields } from "~/domain/account-form";
import { parseForm } from "~/domain/form";
import { refuse, type Refusal } from "~/domain/refusal";
import { creatableRoles, mayGrant, type GrantRequest } from "~/domain/scope";
import { resolveGrantRequest } from "~/models/accounts.server";
import type { AuthUser } from "./auth.server";

/**
 * The grant, or why not: `invalid` (beside its field: an unknown region or household, a role at
 * the wrong level) or `forbidden` (a role or place the user may not hand out; the form never
 * offers it).
 */
export type GrantOutcome = { ok: true; grant: GrantRequest } | Refusal<"invalid" | "forbidden">;

export async function grantFrom({ user, input }: { user: AuthUser; input: GrantFields }): Promise<GrantOutcome> {
  if (!creatableRoles(user.grants).includes(input.role)) return refuse("forbidden");
  const resolved = await resolveGrantRequest({ db: await getDb(), ...input });
  if (!resolved.ok) return resolved;
  if (!mayGrant(user.grants, resolved.grant)) return refuse("forbidden");
  return resolved;
}

/**
 * The grant a form names, read from its role and scope fields alone, so that it is looked up
 * even when another field of the form is wrong and every message shows at once. Null when the
 * role and scope fields are wrong themselves (the form's own schema says why).
 */
export async function grantFromForm({ user, formData }: { user: AuthUser; formData: FormData }): Promise<GrantOutcome | null> {
  const fields = parseForm(formData, grantFieldsSchema);
  return fields.status === "success" ? grantFrom({ user, input: fields.value }) : null;
}
