import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor, VillagePicker } from "~/components/distribution/RuleEditor";
import { RuleVersions } from "~/components/distribution/RuleVersions";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { ruleToForm } from "~/domain/distribution-rule";
import { mayAct } from "~/domain/scope";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { getPreviewSample, getRegionName, listPreviewVillages } from "~/models/rule-preview.server";
import { getRule, listRulesOf, listTemplates } from "~/models/rules.server";
import { requireRegionAccess } from "~/utils/auth.server";
import { parseQuery } from "~/utils/query.server";
import { id, regionCode } from "~/domain/input";
import { z } from "zod";
import { now } from "~/utils/clock.server";
import { BLANK_RULE_FORM, ruleVersionRows, saveRuleVersion, type RuleActionData } from "~/utils/rule-versions.server";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.rules", undefined, data?.county.name) }];


/** ?from=<rule id> to start a draft from, ?village=<code> to preview with */
const RulesQuery = z.object({ from: id().optional(), village: regionCode().optional() });

/** A county's distribution rule: its versions, and a new version with a live preview. Its bureau edits; others above read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  const db = await getDb();
  const county = await getRegionName({ db, code: region.code });
  if (!county || region.level !== "county") throw new Response("Not found", { status: 404 });
  const today = chinaDate(now());
  const query = await parseQuery(request, RulesQuery);
  const [versions, templates, villages] = await Promise.all([
    listRulesOf({ db, ownerRegionCode: region.code }),
    listTemplates({ db }),
    listPreviewVillages({ db, countyCode: region.code }),
  ]);
  const inForce = versions.find((v) => v.validFrom <= today) ?? null;
  const from = query.from ? await getRule({ db, id: query.from }) : null;
  const start = from && (from.isTemplate || from.ownerRegionCode === region.code) ? from : (inForce ?? versions[0] ?? null);
  const chosen = villages.find((v) => v.code === query.village) ?? villages[0];
  const sample = chosen ? await getPreviewSample({ db, villageCode: chosen.code, villageName: chosen.name, year: chosen.year, recordDate: today }) : null;
  return {
    county: { code: region.code, name: county.name },
    canEdit: mayAct(user.grants, ["admin", "bureau"], [region]),
    inForceId: inForce?.id ?? null,
    versions: ruleVersionRows(versions),
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    startValues: { ...(start ? ruleToForm(start) : BLANK_RULE_FORM), validFrom: today },
    villages,
    villageCode: chosen?.code ?? null,
    sample,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  if (region.level !== "county") throw new Response("Not found", { status: 404 });
  if (!mayAct(user.grants, ["admin", "bureau"], [region])) {
    return data<RuleActionData>({ errors: {}, error: { zh: "只有本县农业农村局可以修改规则", en: "Only the county bureau changes its rule" }, posted: null }, { status: 403 });
  }
  return saveRuleVersion(request, { user, owner: { kind: "region", code: region.code }, savedUrl: (r) => `/regions/${region.code}/rules?saved=${r.version}` });
}

export default function CountyRules() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as RuleActionData | undefined;
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  const initial = actionData?.posted ?? d.startValues;

  return (
    <div className="stack">
      <header>
        <p className="eyebrow">{d.county.name}</p>
        <h1>{t("rules.countyTitle")}</h1>
        <p className="muted">{t("rules.countyIntro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("rules.saved", { version: params.get("saved")! })}</Toast> : null}
      {actionData?.error ? <p className="alert alert-error" role="alert">{pick(lang, actionData.error)}</p> : null}

      <RuleVersions title={t("rules.versions")} empty={t("rules.noVersions")} versions={d.versions} inForceId={d.inForceId} canEdit={d.canEdit} />

      {d.canEdit ? (
        <section className="card stack" aria-labelledby="edit-h">
          <h2 id="edit-h">{t("rules.newVersion")}</h2>
          <p className="small muted">{t("rules.newVersionHelp")}</p>
          {d.templates.length ? (
            <p className="small">{t("rules.fromTemplate")}
              {t("punct.colon")}
              {d.templates.map((tp) => <Link key={tp.id} to={`?from=${tp.id}`} className="chip">{tp.name}</Link>)}</p>
          ) : null}
          <RuleEditor
            key={`${params.get("from") ?? "current"}-${d.villageCode}-${actionData ? "posted" : ""}`}
            initial={initial}
            errors={actionData?.errors}
            sample={d.sample}
            villagePicker={<VillagePicker villages={d.villages} value={d.villageCode} extra={params.get("from") ? <input type="hidden" name="from" value={params.get("from")!} /> : null} />}
          />
        </section>
      ) : null}
    </div>
  );
}
