/**
 * 收益分配规则: owned by a county (its villages inherit it) or by a village, or an admin's
 * template. Versioned: a change is a new version with its own valid-from date; an old version is
 * never edited, so a run can always show the rule it used.
 */
import { and, asc, desc, eq, isNull, lte, max } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { distributionRules, villages } from "@db/schema";
import type { RuleValues } from "~/domain/distribution-rule";
import { trimDecimal } from "~/domain/distribution-rule";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor, actorUserId } from "~/utils/audit.server";
import type { Message } from "~/i18n/message";

const columns = {
  id: distributionRules.id,
  ownerRegionCode: distributionRules.ownerRegionCode,
  isTemplate: distributionRules.isTemplate,
  ruleKey: distributionRules.ruleKey,
  version: distributionRules.version,
  name: distributionRules.name,
  documentTitle: distributionRules.documentTitle,
  validFrom: distributionRules.validFrom,
  extractions: distributionRules.extractions,
  dividendPercent: distributionRules.dividendPercent,
  rewards: distributionRules.rewards,
  split: distributionRules.split,
  inKind: distributionRules.inKind,
  noticeDays: distributionRules.noticeDays,
  source: distributionRules.source,
  createdAt: distributionRules.createdAt,
};

type Row = Awaited<ReturnType<typeof selectRules>>[number];
function selectRules(db: DbOrTx) {
  return db.select(columns).from(distributionRules);
}

/** A stored rule with its numbers in their shortest form ("30.0000" → "30"). */
export type Rule = Omit<Row, "dividendPercent"> & RuleValues;
function normalise(r: Row): Rule {
  return {
    ...r,
    dividendPercent: trimDecimal(r.dividendPercent),
    extractions: r.extractions.map((e) => ({ name: e.name, percent: trimDecimal(String(e.percent)) })),
  };
}

export async function getRule({ db, id }: { db: DbOrTx; id: number }): Promise<Rule | null> {
  const [row] = await selectRules(db).where(eq(distributionRules.id, id));
  return row ? normalise(row) : null;
}

/** The version of an owner's rules in force on `date`: latest valid-from on or before it, then latest version. */
async function ownersRuleOn(db: DbOrTx, ownerRegionCode: string, date: string) {
  const [row] = await selectRules(db)
    .where(
      and(
        eq(distributionRules.ownerRegionCode, ownerRegionCode),
        eq(distributionRules.isTemplate, false),
        lte(distributionRules.validFrom, date),
      ),
    )
    .orderBy(desc(distributionRules.validFrom), desc(distributionRules.version), desc(distributionRules.id))
    .limit(1);
  return row ? normalise(row) : null;
}

/**
 * The rule in force for a village on a date: the village's own, else its county's. `owner` says
 * whose it is (the plain-words sentence says 按县规定 or 按村规定).
 */
export async function getRuleInForce({
  db,
  villageCode,
  date,
}: {
  db: DbOrTx;
  villageCode: string;
  date: string;
}): Promise<{ rule: Rule; owner: "village" | "county" } | null> {
  const own = await ownersRuleOn(db, villageCode, date);
  if (own) return { rule: own, owner: "village" };
  const [v] = await db.select({ countyCode: villages.countyCode }).from(villages).where(eq(villages.code, villageCode));
  if (!v) return null;
  const county = await ownersRuleOn(db, v.countyCode, date);
  return county ? { rule: county, owner: "county" } : null;
}

/** Every version an owner has made, newest first. */
export async function listRulesOf({ db, ownerRegionCode }: { db: DbOrTx; ownerRegionCode: string }) {
  const rows = await selectRules(db)
    .where(and(eq(distributionRules.ownerRegionCode, ownerRegionCode), eq(distributionRules.isTemplate, false)))
    .orderBy(desc(distributionRules.validFrom), desc(distributionRules.version), desc(distributionRules.id));
  return rows.map(normalise);
}

/** The admins' templates: the latest version of each. */
export async function listTemplates({ db }: { db: DbOrTx }) {
  const rows = await selectRules(db)
    .where(and(eq(distributionRules.isTemplate, true), isNull(distributionRules.ownerRegionCode)))
    .orderBy(asc(distributionRules.ruleKey), desc(distributionRules.version));
  const latest = new Map<string, Rule>();
  for (const r of rows) if (!latest.has(r.ruleKey)) latest.set(r.ruleKey, normalise(r));
  return [...latest.values()];
}

const DUPLICATE: Message = {
  zh: "规则刚被他人修改，请刷新后重试",
  en: "Someone changed this rule a moment ago: reload and try again",
};

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
}

export type CreateRuleResult = { ok: true; id: number; version: number; ruleKey: string } | Refusal<"not_found" | "duplicate">;

/**
 * Adds a version. For a county or a village, the lineage is the owner's existing one (or a new
 * `region-<code>` / `village-<code>`); for a template, `ruleKey` names the template to version (or a new one).
 */
export async function createRuleVersion({
  db,
  owner,
  ruleKey,
  values,
  actor,
}: {
  db: Db;
  /** a county's rule, a village's own rule (its villageCode goes in the audit row), or a template */
  owner: { kind: "region"; code: string } | { kind: "village"; code: string } | { kind: "template" };
  ruleKey?: string;
  values: RuleValues;
  actor: AuditActor;
}): Promise<CreateRuleResult> {
  try {
    return await db.transaction(async (tx) => {
      let key = ruleKey;
      if (owner.kind === "region" || owner.kind === "village") {
        const [latest] = await tx
          .select({ ruleKey: distributionRules.ruleKey })
          .from(distributionRules)
          .where(and(eq(distributionRules.ownerRegionCode, owner.code), eq(distributionRules.isTemplate, false)))
          .orderBy(desc(distributionRules.createdAt), desc(distributionRules.id))
          .limit(1);
        key = latest?.ruleKey ?? `${owner.kind}-${owner.code}`;
      } else if (key) {
        const [t] = await tx
          .select({ id: distributionRules.id })
          .from(distributionRules)
          .where(and(eq(distributionRules.ruleKey, key), eq(distributionRules.isTemplate, true)))
          .limit(1);
        if (!t) return refuse("not_found", { message: { zh: "没有这个模板", en: "No such template" } });
      } else {
        key = `template-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
      }
      const [{ last }] = await tx
        .select({ last: max(distributionRules.version) })
        .from(distributionRules)
        .where(eq(distributionRules.ruleKey, key!));
      const version = (last ?? 0) + 1;
      const actorName = actor === "system" ? "system" : actor.username;
      const [row] = await tx
        .insert(distributionRules)
        .values({
          ownerRegionCode: owner.kind === "template" ? null : owner.code,
          isTemplate: owner.kind === "template",
          ruleKey: key!,
          version,
          name: values.name,
          documentTitle: values.documentTitle,
          validFrom: values.validFrom,
          extractions: values.extractions,
          dividendPercent: values.dividendPercent,
          rewards: values.rewards,
          split: values.split,
          inKind: values.inKind,
          noticeDays: values.noticeDays,
          source: `规则编辑 / entered by ${actorName}`,
          createdBy: actorUserId(actor),
        })
        .returning({ id: distributionRules.id });
      await writeAudit(tx, {
        actor,
        action: owner.kind === "template" ? "distribution_rule.template" : "distribution_rule.version",
        entity: "distribution_rule",
        entityId: row.id,
        villageCode: owner.kind === "village" ? owner.code : null,
        after: { ruleKey: key, version, ownerRegionCode: owner.kind === "template" ? null : owner.code, ...values },
      });
      return { ok: true as const, id: row.id, version, ruleKey: key! };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return refuse("duplicate", { message: DUPLICATE });
    throw e;
  }
}
