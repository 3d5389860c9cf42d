/**
 * What the three rule pages — a county's, a village's and the admins' templates — share on the
 * server: the blank form's values, the versions' rows and the action that saves a new version.
 */
import { data, redirect } from "@remix-run/node";
import { getDb } from "@db/client.server";
import type { RuleVersionRow } from "~/components/distribution/RuleVersions";
import { parseRuleForm, type RuleFormErrors } from "~/domain/distribution-rule";
import type { Message } from "~/i18n/message";
import { createRuleVersion, type CreateRuleResult, type Rule } from "~/models/rules.server";
import { actorOf } from "~/utils/audit.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";

export type RuleActionData = { errors: RuleFormErrors; error: Message; posted: Record<string, string> | null };

/** a rule form with nothing to start from */
export const BLANK_RULE_FORM = { noticeDays: "7", "split.households": "100" };

export function ruleVersionRows(versions: readonly Rule[]): RuleVersionRow[] {
  return versions.map((v) => ({ id: v.id, version: v.version, validFrom: v.validFrom, documentTitle: v.documentTitle, name: v.name, dividendPercent: v.dividendPercent, noticeDays: v.noticeDays }));
}

/**
 * Saves the posted rule form as a new version of `owner`'s rule (a template's lineage by the
 * posted ruleKey), then goes to `savedUrl`; a bad form is a 400 with every field's message and
 * the values given back. The caller has checked who may.
 */
export async function saveRuleVersion(
  request: Request,
  { user, owner, savedUrl }: { user: { id: string; username: string }; owner: Parameters<typeof createRuleVersion>[0]["owner"]; savedUrl: (saved: Extract<CreateRuleResult, { ok: true }>) => string },
) {
  const form = Object.fromEntries(await request.formData());
  const posted = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
  const parsed = parseRuleForm(posted);
  if (!parsed.ok) return data<RuleActionData>({ errors: parsed.errors, error: { zh: "有填写错误，请按提示修改", en: "Some fields need correcting" }, posted }, { status: 400 });
  const ruleKey = owner.kind === "template" ? posted.ruleKey || undefined : undefined;
  const r = await createRuleVersion({ db: await getDb(), owner, ruleKey, values: parsed.rule, actor: actorOf(user) });
  if (!r.ok) return data<RuleActionData>({ errors: {}, error: messageOfRefusal(r), posted }, { status: statusOfRefusal(r.code) });
  return redirect(savedUrl(r));
}
