/**
 * What the three rule pages — a county's, a village's and the admins' templates — share on the
 * server: the versions' rows and saving the posted form as a new version. No HTTP here: each
 * route parses the form and answers (docs/decisions/008-forms.md).
 */
import type { Db } from "@db/client.server";
import type { RuleVersionRow, RuleValues } from "~/domain/distribution-rule";
import { createRuleVersion, type CreateRuleResult, type Rule } from "~/models/rules.server";
import type { AuditActor } from "~/utils/audit.server";

export function ruleVersionRows(versions: readonly Rule[]): RuleVersionRow[] {
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    validFrom: v.validFrom,
    documentTitle: v.documentTitle,
    name: v.name,
    dividendPercent: v.dividendPercent,
    noticeDays: v.noticeDays,
  }));
}

/**
 * The rule form's values as a new version of `owner`'s rule: a template's lineage by the posted
 * ruleKey (a new template without one), a county's or a village's by its own. The caller has
 * checked who may.
 */
export function saveRuleVersion({
  db,
  owner,
  form,
  actor,
}: {
  db: Db;
  owner: Parameters<typeof createRuleVersion>[0]["owner"];
  form: { rule: RuleValues; ruleKey: string | null };
  actor: AuditActor;
}): Promise<CreateRuleResult> {
  const ruleKey = owner.kind === "template" ? (form.ruleKey ?? undefined) : undefined;
  return createRuleVersion({ db, owner, ruleKey, values: form.rule, actor });
}
