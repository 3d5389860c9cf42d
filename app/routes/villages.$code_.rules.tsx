import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor } from "~/components/distribution/RuleEditor";
import { RuleVersions } from "~/components/distribution/RuleVersions";
import { VillageNav } from "~/components/VillageNav";
import { Toast } from "~/components/ui/Toast";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { newVersionForm, ruleFormSchema, villageRulesQuery } from "~/domain/distribution-rule";
import { parseForm } from "~/domain/form";
import { mayAct, type Role } from "~/domain/scope";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { getPreviewSample, listPreviewVillages } from "~/models/rule-preview.server";
import { getRule, listRulesOf, listTemplates } from "~/models/rules.server";
import { getVillageIdentity } from "~/models/villages.server";
import { forbidden, requireVillageAccess } from "~/services/auth.server";
import { ruleVersionRows, saveRuleVersion } from "~/services/rule-versions.server";
import { actorOf } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { parseQuery } from "~/utils/query.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "rules.villageTitle", undefined, data?.village.name) },
];

/** who may make the village's own rule: its secretary, and the county bureau (and admins) over it */
const RULE_MAKERS: Role[] = ["admin", "bureau", "secretary"];

/**
 * A village's own distribution rule (村规定), which takes precedence over its county's: its
 * versions, the county's rule it otherwise follows, and a new version with a live preview on the
 * village's last approved year. Everyone who reads the village reads it. ?from= starts the draft
 * from a version (a malformed id is a 400; one the village may not start from is ignored).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const query = await parseQuery(request, villageRulesQuery);
  const db = await getDb();
  const today = chinaDate(now());
  const [village, versions, countyVersions, templates, previewable] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listRulesOf({ db, ownerRegionCode: place.code }),
    listRulesOf({ db, ownerRegionCode: place.countyCode }),
    listTemplates({ db }),
    listPreviewVillages({ db, villageCode: place.code }),
  ]);
  const inForce = versions.find((v) => v.validFrom <= today) ?? null;
  const countyInForce = countyVersions.find((v) => v.validFrom <= today) ?? null;
  const from = query.from ? await getRule({ db, id: query.from }) : null;
  // a draft may start from a template, one of the village's versions or its county's, nothing else
  const allowedFrom =
    from && (from.isTemplate || from.ownerRegionCode === place.code || from.ownerRegionCode === place.countyCode) ? from : null;
  const start = allowedFrom ?? inForce ?? versions[0] ?? countyInForce;
  const chosen = previewable[0];
  const sample = chosen
    ? await getPreviewSample({ db, villageCode: place.code, villageName: village!.name, year: chosen.year, recordDate: today })
    : null;
  return {
    village: { code: place.code, name: village!.name, countyName: village!.countyName },
    canEdit: mayAct(user.grants, RULE_MAKERS, [place]),
    countyRulesUrl: mayAct(user.grants, ["admin", "bureau"], [place]) ? `/regions/${place.countyCode}/rules` : null,
    inForceId: inForce?.id ?? null,
    versions: ruleVersionRows(versions),
    countyRule: countyInForce
      ? {
          id: countyInForce.id,
          version: countyInForce.version,
          documentTitle: countyInForce.documentTitle,
          dividendPercent: countyInForce.dividendPercent,
        }
      : null,
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    startValues: newVersionForm(start, today),
    sample,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  if (!mayAct(user.grants, RULE_MAKERS, [village])) throw await forbidden(request);
  const submission = parseForm(await request.formData(), ruleFormSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const saved = await saveRuleVersion({
    db: await getDb(),
    owner: { kind: "village", code: village.code },
    form: submission.value,
    actor: actorOf(user),
  });
  if (!saved.ok) return replyRefused(submission, saved);
  return redirect(`/villages/${village.code}/rules?saved=${saved.version}`);
}

export default function VillageRules() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();

  return (
    <div className="stack">
      <VillageNav code={d.village.code} name={d.village.name} />
      <header>
        <h1>{t("rules.villageTitle")}</h1>
        <p className="muted">{t("rules.villageIntro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("rules.saved", { version: params.get("saved")! })}</Toast> : null}

      <section className="card stack" aria-labelledby="county-h">
        <h2 id="county-h">{t("rules.countyRuleHeading", { county: d.village.countyName })}</h2>
        {d.countyRule ? (
          <p>
            {d.countyRulesUrl ? <Link to={d.countyRulesUrl}>{d.countyRule.documentTitle}</Link> : d.countyRule.documentTitle}
            {` · v${d.countyRule.version} · ${t("rules.dividendPercent")} ${d.countyRule.dividendPercent}%`}
          </p>
        ) : (
          <p className="muted">{t("rules.noVersions")}</p>
        )}
        <p className="small muted">{d.inForceId ? t("rules.villageOverrides") : t("rules.villageFollowsCounty")}</p>
      </section>

      <RuleVersions
        title={t("rules.villageVersions")}
        empty={t("rules.villageNoVersions")}
        versions={d.versions}
        inForceId={d.inForceId}
        canEdit={d.canEdit}
      />

      {d.canEdit ? (
        <section className="card stack" aria-labelledby="edit-h">
          <h2 id="edit-h">{d.versions.length ? t("rules.newVersion") : t("rules.villageFirst")}</h2>
          <p className="small muted">{t("rules.newVersionHelp")}</p>
          <p className="small">
            {t("rules.fromTemplate")}
            {t("punct.colon")}
            {d.countyRule ? (
              <Link to={`?from=${d.countyRule.id}`} className="chip">
                {t("rules.fromCounty")}
              </Link>
            ) : null}
            {d.templates.map((tp) => (
              <Link key={tp.id} to={`?from=${tp.id}`} className="chip">
                {tp.name}
              </Link>
            ))}
          </p>
          <RuleEditor
            key={params.get("from") ?? "current"}
            defaultValue={d.startValues}
            lastResult={lastResult}
            sample={d.sample}
            previewNone={t("rules.villagePreviewNone")}
          />
        </section>
      ) : null}
    </div>
  );
}
