import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { zodFieldErrors } from "~/domain/household";
import { INDUSTRY_MESSAGES, industryFormSchema } from "~/domain/industry-form";
import type { Bilingual } from "~/domain/shares";
import { pick } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { listIndustries, saveIndustry } from "~/models/industries.server";
import { actorOf } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { parseQuery } from "~/utils/query.server";
import { id } from "~/domain/input";
import { z } from "zod";
import { Toast } from "~/components/ui/Toast";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "industries.title") }];

type Errors = Record<string, Bilingual>;
type ActionData = { intent: string; errors: Errors; values: Record<string, string> };

/** ?edit=<id>: the industry whose form is open (an id not in the catalogue opens none) */
const EditQuery = z.object({ edit: id().optional() });

/** 产业目录: the industries villages choose from. Admins add to it and correct its names. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const list = await listIndustries({ db: await getDb() });
  const { edit } = await parseQuery(request, EditQuery);
  return { list, editId: edit !== undefined && list.some((i) => i.id === edit) ? edit : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const values = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const parsed = industryFormSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ intent: values.intent ?? "", errors: zodFieldErrors(parsed.error, INDUSTRY_MESSAGES).fieldErrors, values }, { status: 400 });
  }
  const result = await saveIndustry({ db: await getDb(), input: parsed.data, actor: actorOf(user) });
  if (!result.ok) return data<ActionData>({ intent: parsed.data.intent, errors: { [result.field]: result.error }, values }, { status: result.status });
  return redirect(`/admin/industries?saved=${result.id}`);
}

function Field({ name, label, errors, defaultValue, prefix, hint }: { name: string; label: string; errors: Errors; defaultValue?: string; prefix: string; hint?: string }) {
  const lang = useLang();
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="small muted">{hint}</p> : null}
      <input id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {error ? <p id={`${id}-error`} className="field-error">{pick(lang, error)}</p> : null}
    </div>
  );
}

export default function AdminIndustries() {
  const { list, editId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const editing = list.find((i) => i.id === (result?.intent === "update" ? Number(result.values.id) : editId)) ?? null;
  const createErrors = result?.intent === "create" ? result.errors : {};
  const createValues = result?.intent === "create" ? result.values : {};
  const updateErrors = result?.intent === "update" ? result.errors : {};
  const updateValues = result?.intent === "update" ? result.values : null;
  const formError = result?.errors._form ?? (result && !["create", "update"].includes(result.intent) ? result.errors.intent : undefined);

  return (
    <div className="stack">
      <header>
        <p className="eyebrow"><Link to="/admin">{t("nav.admin")}</Link></p>
        <h1>{t("industries.title")}</h1>
        <p className="muted">{t("industries.intro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("industries.saved")}</Toast> : null}
      {formError ? <p className="alert alert-error" role="alert">{pick(lang, formError)}</p> : null}

      <section className="card" aria-labelledby="ind-list-h">
        <h2 id="ind-list-h">{t("industries.catalogue")}</h2>
        <div {...scrollRegion(t, t("industries.catalogue"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("industries.nameZh")}</th>
                <th scope="col">{t("industries.nameEn")}</th>
                <th scope="col">{t("industries.key")}</th>
                <th scope="col">{t("industries.defaultUnit")}</th>
                <th scope="col" className="num">{t("industries.villages")}</th>
                <th scope="col"><span className="sr-only">{t("industries.edit")}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id} aria-current={editing?.id === i.id ? "true" : undefined}>
                  <th scope="row" lang="zh-CN">{i.nameZh}</th>
                  <td lang="en">{i.nameEn}</td>
                  <td><code>{i.key}</code></td>
                  <td>{i.defaultUnit}</td>
                  <td className="num">{i.villages}</td>
                  <td>
                    <Link to={`?edit=${i.id}#edit-h`} aria-label={t("industries.editOne", { name: lang === "en" ? i.nameEn : i.nameZh })}>
                      {t("industries.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {editing ? (
        <section className="card stack narrow" aria-labelledby="edit-h">
          <h2 id="edit-h">{t("industries.editOne", { name: lang === "en" ? editing.nameEn : editing.nameZh })}</h2>
          <p className="small muted">{t("industries.keyFixed", { key: editing.key })}</p>
          <Form method="post" className="form" noValidate key={`edit-${editing.id}`}>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={editing.id} />
            <Field prefix="edit" name="nameZh" label={t("industries.nameZh")} errors={updateErrors} defaultValue={updateValues?.nameZh ?? editing.nameZh} />
            <Field prefix="edit" name="nameEn" label={t("industries.nameEn")} errors={updateErrors} defaultValue={updateValues?.nameEn ?? editing.nameEn} />
            <Field prefix="edit" name="defaultUnit" label={t("industries.defaultUnit")} errors={updateErrors} defaultValue={updateValues?.defaultUnit ?? editing.defaultUnit} />
            <p className="actions">
              <button type="submit" disabled={busy}>{t("industries.saveChanges")}</button>{" "}
              <Link to="/admin/industries">{t("industries.cancel")}</Link>
            </p>
          </Form>
        </section>
      ) : null}

      <section className="card stack narrow" aria-labelledby="add-h">
        <h2 id="add-h">{t("industries.add")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field prefix="new" name="nameZh" label={t("industries.nameZh")} errors={createErrors} defaultValue={createValues.nameZh} />
          <Field prefix="new" name="nameEn" label={t("industries.nameEn")} errors={createErrors} defaultValue={createValues.nameEn} />
          <Field prefix="new" name="key" label={t("industries.key")} hint={t("industries.keyHint")} errors={createErrors} defaultValue={createValues.key} />
          <Field prefix="new" name="defaultUnit" label={t("industries.defaultUnit")} hint={t("industries.unitHint")} errors={createErrors} defaultValue={createValues.defaultUnit} />
          <button type="submit" disabled={busy}>{t("industries.addButton")}</button>
        </Form>
      </section>
    </div>
  );
}
