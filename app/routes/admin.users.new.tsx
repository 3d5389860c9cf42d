import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RoleField, ScopeFields } from "~/components/accounts/GrantFields";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { newAccountSchema, type NewAccountForm } from "~/domain/account-form";
import { parseForm } from "~/domain/form";
import { creatableRoles, type Role } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import { createAccount } from "~/models/accounts.server";
import { listGrantableRegions } from "~/models/places.server";
import { forbidden, requireUser } from "~/services/auth.server";
import { grantFromForm } from "~/services/grants.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { clientIp } from "~/utils/request.server";
import { passActionHeaders } from "~/utils/action-headers";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.newUser") }];
export const headers = passActionHeaders;

const MANAGERS: Role[] = ["admin", "bureau", "secretary"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const regions = await listGrantableRegions({ db: await getDb(), grants: user.grants });
  const ownVillage = user.grants.find((g) => g.role === "secretary")?.regionCode ?? "";
  return { roles: creatableRoles(user.grants), regions, defaultRegion: ownVillage };
}

/**
 * Creates an account with a one-time password, shown once in the answer (never stored in
 * clear, never sent again; the response is not cached). The user must change it at first sign-in.
 * A role or place the user may not hand out is a 403 (the form never offers it).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const formData = await request.formData();
  const submission = parseForm(formData, newAccountSchema);
  // conform's check as the user types: the form's own messages, nothing looked up
  if (!submission.status) return replyInvalid(submission);
  const grant = await grantFromForm({ user, formData });
  if (grant?.ok === false) {
    if (grant.code === "forbidden") throw await forbidden(request);
    return replyRefused(submission, grant);
  }
  if (submission.status !== "success" || !grant) return replyInvalid(submission);
  const { username, displayName } = submission.value;
  const created = await createAccount({ actor: user, ip: clientIp(context), username, displayName, grant: grant.grant });
  if (!created.ok) {
    if (created.code === "forbidden") throw await forbidden(request);
    return replyRefused(submission, created);
  }
  return data(
    { created: { username, displayName, oneTimePassword: created.oneTimePassword } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function NewUser() {
  const { roles, regions, defaultRegion } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const lastResult = answer && "created" in answer ? null : answer;
  const [form, fields] = useFormReply<NewAccountForm>({
    id: "new-user",
    lastResult,
    defaultValue: { role: roles[0], regionCode: defaultRegion },
  });
  if (answer && "created" in answer) {
    return (
      <section className="card narrow stack" aria-live="polite">
        <h1>{t("users.created", { username: answer.created.username })}</h1>
        <p>{answer.created.displayName}</p>
        <p>
          {t("users.oneTimePassword")}
          {t("punct.colon")}
          <code className="otp" data-testid="one-time-password">
            {answer.created.oneTimePassword}
          </code>
        </p>
        <p className="alert alert-warn">{t("users.otpNote")}</p>
        <p>
          <Link to="/admin/users">{t("user.backToList")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow stack">
      <h1>{t("users.new")}</h1>
      <Form method="post" className="form" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <RoleField meta={fields.role} roles={roles} />
        <Field meta={fields.username} label={t("users.username")} required maxLength={60} autoCapitalize="none" spellCheck={false} />
        <Field meta={fields.displayName} label={t("users.displayName")} required maxLength={60} />
        <ScopeFields fields={fields} regions={regions} hints />
        <button type="submit" className="button primary">
          {t("users.createSubmit")}
        </button>
      </Form>
    </section>
  );
}
