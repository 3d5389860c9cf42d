import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor, VillagePicker } from "~/components/distribution/RuleEditor";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { parseRuleForm, ruleToForm, type RuleFormErrors } from "~/domain/distribution-rule";
import { mayAct } from "~/domain/scope";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { getPreviewSample, getRegionName, listPreviewVillages } from "~/models/rule-preview.server";
import { createRuleVersion, getRule, listRulesOf, listTemplates } from "~/models/rules.server";
import { requireRegionAccess } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.rules", undefined, data?.county.name) }];

type RuleActionData = { errors: RuleFormErrors; error: { zh: string; en: string }; posted: Record<string, string> | null };

const DEFAULTS = { noticeDays: "7", "split.households": "100" };

/** A county's distribution rule: its versions, and a new version with a live preview. Its bureau edits; others above read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  const db = await getDb();
  const county = await getRegionName({ db, code: region.code });
  if (!county || region.level !== "county") throw new Response("Not found", { status: 404 });
  const today = chinaDate(now());
  const url = new URL(request.url);
  const [versions, templates, villages] = await Promise.all([
    listRulesOf({ db, ownerRegionCode: region.code }),
    listTemplates({ db }),
    listPreviewVillages({ db, countyCode: region.code }),
  ]);
  const inForce = versions.find((v) => v.validFrom <= today) ?? null;
  const fromId = Number(url.searchParams.get("from"));
  const from = fromId ? await getRule({ db, id: fromId }) : null;
  const start = from && (from.isTemplate || from.ownerRegionCode === region.code) ? from : (inForce ?? versions[0] ?? null);
  const chosen = villages.find((v) => v.code === url.searchParams.get("village")) ?? villages[0];
  const sample = chosen ? await getPreviewSample({ db, villageCode: chosen.code, villageName: chosen.name, year: chosen.year, recordDate: today }) : null;
  return {
    county: { code: region.code, name: county.name },
    canEdit: mayAct(user.grants, ["admin", "bureau"], [region]),
    inForceId: inForce?.id ?? null,
    versions: versions.map((v) => ({ id: v.id, version: v.version, validFrom: v.validFrom, documentTitle: v.documentTitle, name: v.name, dividendPercent: v.dividendPercent, noticeDays: v.noticeDays })),
    templates: templates.map((t) => ({ id: t.id, name: t.name })),
    startValues: { ...(start ? ruleToForm(start) : DEFAULTS), validFrom: today },
    villages,
    villageCode: chosen?.code ?? null,
    sample,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, region } = await requireRegionAccess(request, params.code);
  if (region.level !== "county") throw new Response("Not found", { status: 404 });
  if (!mayAct(user.grants, ["admin", "bureau"], [region])) {
    return data({ errors: {} as RuleFormErrors, error: { zh: "只有本县农业农村局可以修改规则", en: "Only the county bureau changes its rule" }, posted: null }, { status: 403 });
  }
  const form = Object.fromEntries(await request.formData());
  const posted = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
  const parsed = parseRuleForm(posted);
  if (!parsed.ok) return data({ errors: parsed.errors, error: { zh: "有填写错误，请按提示修改", en: "Some fields need correcting" }, posted }, { status: 400 });
  const r = await createRuleVersion({ db: await getDb(), owner: { kind: "region", code: region.code }, values: parsed.rule, actor: actorOf(user) });
  if (!r.ok) return data({ errors: {} as RuleFormErrors, error: r.error, posted }, { status: r.status });
  return redirect(`/regions/${region.code}/rules?saved=${r.version}`);
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

      <section className="card" aria-labelledby="versions-h">
        <h2 id="versions-h">{t("rules.versions")}</h2>
        {d.versions.length === 0 ? <p className="muted">{t("rules.noVersions")}</p> : (
          <div {...scrollRegion(t, t("rules.versions"))}>
            <table>
              <thead><tr><th scope="col">{t("rules.version")}</th><th scope="col">{t("rules.validFrom")}</th><th scope="col">{t("rules.documentTitle")}</th><th scope="col" className="num">{t("rules.dividendPercent")}</th><th scope="col">{t("rules.noticeDays")}</th><th scope="col"><span className="visually-hidden">{t("table.actions")}</span></th></tr></thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">v{v.version}{v.id === d.inForceId ? <span className="badge badge-approved">{t("rules.inForce")}</span> : null}</th>
                    <td>{v.validFrom}</td>
                    <td>{v.documentTitle}<div className="small muted">{v.name}</div></td>
                    <td className="num">{v.dividendPercent}%</td>
                    <td>{v.noticeDays}</td>
                    <td>{d.canEdit ? <Link to={`?from=${v.id}`}>{t("rules.startFrom")}</Link> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

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
