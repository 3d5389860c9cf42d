import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor, VillagePicker } from "~/components/distribution/RuleEditor";
import { RuleVersions } from "~/components/distribution/RuleVersions";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { countyRulesQuery, newVersionForm, ruleFormSchema } from "~/domain/distribution-rule";
import { parseForm } from "~/domain/form";
import { refuse } from "~/domain/refusal";
import { mayAct } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import { getPreviewSample, getRegionName, listPreviewVillages } from "~/models/rule-preview.server";
import { getRule, listRulesOf, listTemplates } from "~/models/rules.server";
import { requireRegionAccess } from "~/services/auth.server";
import { ruleVersionRows, saveRuleVersion } from "~/services/rule-versions.server";
import { actorOf } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { parseQuery } from "~/utils/query.server";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.rules", undefined, data?.county.name) },
];

const BUREAU_ONLY = { zh: "只有本县农业农村局可以修改规则", en: "Only the county bureau changes its rule" };

/**
 * A county's distribution rule: its versions, and a new version with a live preview. Its bureau
 * edits; others above read. ?from= starts the draft from a version (a malformed id is a 400, one
 * of another county's is ignored), ?village= previews on one of its villages (likewise).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  const query = await parseQuery(request, countyRulesQuery);
  const db = await getDb();
  const county = await getRegionName({ db, code: region.code });
  if (!county || region.level !== "county") throw new Response("Not found", { status: 404 });
  const today = chinaDate(now());
  const [versions, templates, villages] = await Promise.all([
    listRulesOf({ db, ownerRegionCode: region.code }),
    listTemplates({ db }),
    listPreviewVillages({ db, countyCode: region.code }),
  ]);
  const inForce = versions.find((v) => v.validFrom <= today) ?? null;
  const from = query.from ? await getRule({ db, id: query.from }) : null;
  const start = from && (from.isTemplate || from.ownerRegionCode === region.code) ? from : (inForce ?? versions[0] ?? null);
  const chosen = villages.find((v) => v.code === query.village) ?? villages[0];
  const sample = chosen
    ? await getPreviewSample({ db, villageCode: chosen.code, villageName: chosen.name, year: chosen.year, recordDate: today })
    : null;
  return {
    county: { code: region.code, name: county.name },
    canEdit: mayAct(user.grants, ["admin", "bureau"], [region]),
    inForceId: inForce?.id ?? null,
    versions: ruleVersionRows(versions),
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    startValues: newVersionForm(start, today),
    villages,
    villageCode: chosen?.code ?? null,
    sample,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  if (region.level !== "county") throw new Response("Not found", { status: 404 });
  const submission = parseForm(await request.formData(), ruleFormSchema);
  if (!mayAct(user.grants, ["admin", "bureau"], [region])) return replyRefused(submission, refuse("forbidden", { message: BUREAU_ONLY }));
  if (submission.status !== "success") return replyInvalid(submission);
  const saved = await saveRuleVersion({
    db: await getDb(),
    owner: { kind: "region", code: region.code },
    form: submission.value,
    actor: actorOf(user),
  });
  if (!saved.ok) return replyRefused(submission, saved);
  return redirect(`/regions/${region.code}/rules?saved=${saved.version}`);
}

export default function CountyRules() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();
  // a refusal when the page shows no form (someone who only reads it)
  const [pageForm] = useFormReply({ id: "county-rules", lastResult: d.canEdit ? null : lastResult });

  return (
    <div className="stack">
      <header>
        <p className="eyebrow">{d.county.name}</p>
        <h1>{t("rules.countyTitle")}</h1>
        <p className="muted">{t("rules.countyIntro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("rules.saved", { version: params.get("saved")! })}</Toast> : null}
      <FormErrorsAlert form={pageForm} />

      <RuleVersions
        title={t("rules.versions")}
        empty={t("rules.noVersions")}
        versions={d.versions}
        inForceId={d.inForceId}
        canEdit={d.canEdit}
      />

      {d.canEdit ? (
        <section className="card stack" aria-labelledby="edit-h">
          <h2 id="edit-h">{t("rules.newVersion")}</h2>
          <p className="small muted">{t("rules.newVersionHelp")}</p>
          {d.templates.length ? (
            <p className="small">
              {t("rules.fromTemplate")}
              {t("punct.colon")}
              {d.templates.map((tp) => (
                <Link key={tp.id} to={`?from=${tp.id}`} className="chip">
                  {tp.name}
                </Link>
              ))}
            </p>
          ) : null}
          <RuleEditor
            key={`${params.get("from") ?? "current"}-${d.villageCode}`}
            defaultValue={d.startValues}
            lastResult={lastResult}
            sample={d.sample}
            villagePicker={
              <VillagePicker
                villages={d.villages}
                value={d.villageCode}
                extra={params.get("from") ? <input type="hidden" name="from" value={params.get("from")!} /> : null}
              />
            }
          />
        </section>
      ) : null}
    </div>
  );
}
