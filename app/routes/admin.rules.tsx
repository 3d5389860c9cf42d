import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RuleEditor, VillagePicker } from "~/components/distribution/RuleEditor";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { newVersionForm, ruleFormSchema, templatesQuery } from "~/domain/distribution-rule";
import { parseForm } from "~/domain/form";
import { useT } from "~/i18n/use-t";
import { getPreviewSample, listPreviewVillages } from "~/models/rule-preview.server";
import { listTemplates } from "~/models/rules.server";
import { requireUser } from "~/services/auth.server";
import { saveRuleVersion } from "~/services/rule-versions.server";
import { actorOf } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { parseQuery } from "~/utils/query.server";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.ruleTemplates") }];

/**
 * Rule templates: admins write them; counties start their own rule from one. ?key= edits a
 * template, ?village= previews on a village (a malformed one is a 400, one not listed is ignored).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const query = await parseQuery(request, templatesQuery);
  const db = await getDb();
  const today = chinaDate(now());
  const [templates, villages] = await Promise.all([listTemplates({ db }), listPreviewVillages({ db })]);
  const editing = templates.find((t) => t.ruleKey === query.key) ?? null;
  const chosen = villages.find((v) => v.code === query.village) ?? villages[0];
  return {
    templates: templates.map((t) => ({
      id: t.id,
      ruleKey: t.ruleKey,
      version: t.version,
      name: t.name,
      documentTitle: t.documentTitle,
      dividendPercent: t.dividendPercent,
      validFrom: t.validFrom,
    })),
    editingKey: editing?.ruleKey ?? null,
    startValues: editing ? newVersionForm(editing, editing.validFrom) : newVersionForm(null, today),
    villages,
    villageCode: chosen?.code ?? null,
    sample: chosen
      ? await getPreviewSample({ db, villageCode: chosen.code, villageName: chosen.name, year: chosen.year, recordDate: today })
      : null,
  };
}

/** a template's new version (a new template when no ruleKey is posted) */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const submission = parseForm(await request.formData(), ruleFormSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const saved = await saveRuleVersion({ db: await getDb(), owner: { kind: "template" }, form: submission.value, actor: actorOf(user) });
  if (!saved.ok) return replyRefused(submission, saved);
  return redirect(`/admin/rules?saved=${encodeURIComponent(saved.ruleKey)}`);
}

export default function AdminRules() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [params] = useSearchParams();

  return (
    <div className="stack">
      <header>
        <p className="eyebrow">
          <Link to="/admin">{t("nav.admin")}</Link>
        </p>
        <h1>{t("rules.templatesTitle")}</h1>
        <p className="muted">{t("rules.templatesIntro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("rules.templateSaved")}</Toast> : null}
      <section className="card" aria-labelledby="tpl-h">
        <h2 id="tpl-h">{t("rules.templates")}</h2>
        {d.templates.length === 0 ? (
          <p className="muted">{t("rules.noTemplates")}</p>
        ) : (
          <div {...scrollRegion(t, t("rules.templates"))}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("rules.name")}</th>
                  <th scope="col">{t("rules.documentTitle")}</th>
                  <th scope="col" className="num">
                    {t("rules.dividendPercent")}
                  </th>
                  <th scope="col">{t("rules.version")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("table.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.templates.map((tp) => (
                  <tr key={tp.id}>
                    <th scope="row">{tp.name}</th>
                    <td>{tp.documentTitle}</td>
                    <td className="num">{tp.dividendPercent}%</td>
                    <td>v{tp.version}</td>
                    <td>
                      <Link to={`?key=${encodeURIComponent(tp.ruleKey)}`}>{t("rules.edit")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card stack" aria-labelledby="edit-h">
        <h2 id="edit-h">{d.editingKey ? t("rules.editTemplate") : t("rules.newTemplate")}</h2>
        {d.editingKey ? (
          <p>
            <Link to="/admin/rules">{t("rules.newTemplate")}</Link>
          </p>
        ) : null}
        <RuleEditor
          key={`${d.editingKey ?? "new"}-${d.villageCode}`}
          defaultValue={d.startValues}
          lastResult={lastResult}
          sample={d.sample}
          hidden={d.editingKey ? <input type="hidden" name="ruleKey" value={d.editingKey} /> : null}
          villagePicker={
            <VillagePicker
              villages={d.villages}
              value={d.villageCode}
              extra={d.editingKey ? <input type="hidden" name="key" value={d.editingKey} /> : null}
            />
          }
        />
      </section>
    </div>
  );
}
