import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseForm } from "~/domain/form";
import { passwordChangeSchema, type PasswordChangeForm } from "~/domain/password-form";
import { PASSWORD_MAX } from "~/domain/password-policy";
import { useT } from "~/i18n/use-t";
import { changeOwnPassword } from "~/models/accounts.server";
import { requireUser } from "~/services/auth.server";
import { homePathFor, startSession } from "~/utils/session.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { clientIp } from "~/utils/request.server";
import { pageTitle } from "~/i18n/meta";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.password") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  return { mustChange: user.mustChangePassword, username: user.username };
}

/** no password is ever sent back */
const hideFields = ["current", "next", "confirm"];

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  const submission = parseForm(await request.formData(), passwordChangeSchema({ username: user.username }));
  if (submission.status !== "success") return replyInvalid(submission, { hideFields });
  const { current, next } = submission.value;
  const changed = await changeOwnPassword({ user, ip: clientIp(context), currentPassword: current, newPassword: next });
  if (!changed.ok) return replyRefused(submission, changed, { hideFields });
  // every session ended with the change, this one too: a fresh one for this browser
  const setCookie = await startSession(user.id);
  return redirect(homePathFor({ mustChangePassword: false, grants: user.grants }), { headers: { "Set-Cookie": setCookie } });
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useFormReply<PasswordChangeForm>({ id: "password", lastResult });
  const t = useT();
  const password = { type: "password", required: true, maxLength: PASSWORD_MAX } as const;
  return (
    <section className="card narrow stack">
      <h1>{t("account.title")}</h1>
      {mustChange ? (
        <p className="alert alert-ok" role="status">
          {t("account.mustChange")}
        </p>
      ) : null}
      <Form method="post" className="form" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <Field meta={fields.current} label={t("account.current")} autoComplete="current-password" {...password} />
        <Field meta={fields.next} label={t("account.new")} hint={t("account.hint")} autoComplete="new-password" {...password} />
        <Field meta={fields.confirm} label={t("account.confirm")} autoComplete="new-password" {...password} />
        <button type="submit" className="button primary">
          {t("account.submit")}
        </button>
      </Form>
    </section>
  );
}
