import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor, VillagePicker } from "~/components/distribution/RuleEditor";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { ruleToForm } from "~/domain/distribution-rule";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { getPreviewSample, listPreviewVillages } from "~/models/rule-preview.server";
import { listTemplates } from "~/models/rules.server";
import { requireUser } from "~/utils/auth.server";
import { parseQuery } from "~/utils/query.server";
import { regionCode, text } from "~/domain/input";
import { z } from "zod";
import { now } from "~/utils/clock.server";
import { BLANK_RULE_FORM, saveRuleVersion, type RuleActionData } from "~/utils/rule-versions.server";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.ruleTemplates") }];


/** ?key=<template> to start from, ?village=<code> to preview with (unknown ones fall back to none / the first) */
const RulesQuery = z.object({ key: text({ max: 100 }).optional(), village: regionCode().optional() });

/** Rule templates: admins write them; counties start their own rule from one. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const db = await getDb();
  const query = await parseQuery(request, RulesQuery);
  const today = chinaDate(now());
  const [templates, villages] = await Promise.all([listTemplates({ db }), listPreviewVillages({ db })]);
  const editing = templates.find((t) => t.ruleKey === query.key) ?? null;
  const chosen = villages.find((v) => v.code === query.village) ?? villages[0];
  return {
    templates: templates.map((t) => ({ id: t.id, ruleKey: t.ruleKey, version: t.version, name: t.name, documentTitle: t.documentTitle, dividendPercent: t.dividendPercent, validFrom: t.validFrom })),
    editingKey: editing?.ruleKey ?? null,
    startValues: editing ? ruleToForm(editing) : { ...BLANK_RULE_FORM, validFrom: today },
    villages,
    villageCode: chosen?.code ?? null,
    sample: chosen ? await getPreviewSample({ db, villageCode: chosen.code, villageName: chosen.name, year: chosen.year, recordDate: today }) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  return saveRuleVersion(request, { user, owner: { kind: "template" }, savedUrl: (r) => `/admin/rules?saved=${encodeURIComponent(r.ruleKey)}` });
}

export default function AdminRules() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as RuleActionData | undefined;
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  const initial = actionData?.posted ?? d.startValues;

  return (
    <div className="stack">
      <header>
        <p className="eyebrow"><Link to="/admin">{t("nav.admin")}</Link></p>
        <h1>{t("rules.templatesTitle")}</h1>
        <p className="muted">{t("rules.templatesIntro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("rules.templateSaved")}</Toast> : null}
      {actionData?.error ? <p className="alert alert-error" role="alert">{pick(lang, actionData.error)}</p> : null}
      <section className="card" aria-labelledby="tpl-h">
        <h2 id="tpl-h">{t("rules.templates")}</h2>
        {d.templates.length === 0 ? <p className="muted">{t("rules.noTemplates")}</p> : (
          <div {...scrollRegion(t, t("rules.templates"))}>
            <table>
              <thead><tr><th scope="col">{t("rules.name")}</th><th scope="col">{t("rules.documentTitle")}</th><th scope="col" className="num">{t("rules.dividendPercent")}</th><th scope="col">{t("rules.version")}</th><th scope="col"><span className="sr-only">{t("table.actions")}</span></th></tr></thead>
              <tbody>
                {d.templates.map((tp) => (
                  <tr key={tp.id}>
                    <th scope="row">{tp.name}</th>
                    <td>{tp.documentTitle}</td>
                    <td className="num">{tp.dividendPercent}%</td>
                    <td>v{tp.version}</td>
                    <td><Link to={`?key=${encodeURIComponent(tp.ruleKey)}`}>{t("rules.edit")}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card stack" aria-labelledby="edit-h">
        <h2 id="edit-h">{d.editingKey ? t("rules.editTemplate") : t("rules.newTemplate")}</h2>
        {d.editingKey ? <p><Link to="/admin/rules">{t("rules.newTemplate")}</Link></p> : null}
        <RuleEditor
          key={`${d.editingKey ?? "new"}-${d.villageCode}-${actionData ? "posted" : ""}`}
          initial={initial}
          errors={actionData?.errors}
          sample={d.sample}
          hidden={d.editingKey ? <input type="hidden" name="ruleKey" value={d.editingKey} /> : null}
          villagePicker={<VillagePicker villages={d.villages} value={d.villageCode} extra={d.editingKey ? <input type="hidden" name="key" value={d.editingKey} /> : null} />}
        />
      </section>
    </div>
  );
}
