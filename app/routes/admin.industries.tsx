import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { parseForm } from "~/domain/form";
import { industryFormSchema, type IndustryCatalogueForm } from "~/domain/industry-form";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { listIndustries, saveIndustry } from "~/models/industries.server";
import { actorOf } from "~/utils/audit.server";
import { requireUser } from "~/services/auth.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { parseQuery } from "~/utils/query.server";
import { id } from "~/domain/input";
import { z } from "zod";
import { Toast } from "~/components/ui/Toast";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "industries.title") }];

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
  const submission = parseForm(await request.formData(), industryFormSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const result = await saveIndustry({ db: await getDb(), input: submission.value, actor: actorOf(user) });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/admin/industries?saved=${result.id}`);
}

type Create = Extract<IndustryCatalogueForm, { intent: "create" }>;
type Update = Extract<IndustryCatalogueForm, { intent: "update" }>;

export default function AdminIndustries() {
  const { list, editId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const answeredUpdate = lastResult?.initialValue?.intent === "update" ? Number(lastResult.initialValue.id) : null;
  const editing = list.find((i) => i.id === (answeredUpdate ?? editId)) ?? null;
  const [createForm, create] = useFormReply<Create>({ id: "new-industry", lastResult, intent: "create" });
  const [updateForm, update] = useFormReply<Update>({
    id: "edit-industry",
    lastResult,
    intent: "update",
    defaultValue: editing ? { nameZh: editing.nameZh, nameEn: editing.nameEn, defaultUnit: editing.defaultUnit } : undefined,
  });
  // a request no form sends (a bad intent) answers the whole page
  const [pageForm] = useFormReply<Create>({
    id: "industries",
    lastResult: lastResult && !["create", "update"].includes(String(lastResult.initialValue?.intent)) ? lastResult : null,
  });

  return (
    <div className="stack">
      <header>
        <p className="eyebrow">
          <Link to="/admin">{t("nav.admin")}</Link>
        </p>
        <h1>{t("industries.title")}</h1>
        <p className="muted">{t("industries.intro")}</p>
      </header>
      {params.get("saved") ? <Toast>{t("industries.saved")}</Toast> : null}
      <FormErrorsAlert form={pageForm} />

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
                <th scope="col" className="num">
                  {t("industries.villages")}
                </th>
                <th scope="col">
                  <span className="sr-only">{t("industries.edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id} aria-current={editing?.id === i.id ? "true" : undefined}>
                  <th scope="row" lang="zh-CN">
                    {i.nameZh}
                  </th>
                  <td lang="en">{i.nameEn}</td>
                  <td>
                    <code>{i.key}</code>
                  </td>
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
          <Form method="post" className="form" {...formProps(updateForm)} key={`edit-${editing.id}`}>
            <FormErrorsAlert form={updateForm} />
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={editing.id} />
            <Field meta={update.nameZh} label={t("industries.nameZh")} />
            <Field meta={update.nameEn} label={t("industries.nameEn")} />
            <Field meta={update.defaultUnit} label={t("industries.defaultUnit")} />
            <p className="actions">
              <button type="submit" disabled={busy}>
                {t("industries.saveChanges")}
              </button>{" "}
              <Link to="/admin/industries">{t("industries.cancel")}</Link>
            </p>
          </Form>
        </section>
      ) : null}

      <section className="card stack narrow" aria-labelledby="add-h">
        <h2 id="add-h">{t("industries.add")}</h2>
        <Form method="post" className="form" {...formProps(createForm)}>
          <FormErrorsAlert form={createForm} />
          <input type="hidden" name="intent" value="create" />
          <Field meta={create.nameZh} label={t("industries.nameZh")} />
          <Field meta={create.nameEn} label={t("industries.nameEn")} />
          <Field meta={create.key} label={t("industries.key")} hint={t("industries.keyHint")} />
          <Field meta={create.defaultUnit} label={t("industries.defaultUnit")} hint={t("industries.unitHint")} />
          <button type="submit" disabled={busy}>
            {t("industries.addButton")}
          </button>
        </Form>
      </section>
    </div>
  );
}
