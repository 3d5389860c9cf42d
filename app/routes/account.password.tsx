import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { passwordProblem, PASSWORD_MAX } from "~/domain/password-policy";
import { translator, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { changeOwnPassword } from "~/models/accounts.server";
import { getPasswordHash } from "~/models/users.server";
import { requireUser } from "~/services/auth.server";
import { homePathFor, startSession } from "~/utils/session.server";
import { getLang } from "~/utils/lang.server";
import { verifyPassword } from "~/utils/password.server";
import { clientIp } from "~/utils/request.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.password") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  return { mustChange: user.mustChangePassword, username: user.username };
}

const PasswordForm = z.object({
  current: z.string().max(PASSWORD_MAX * 4),
  next: z.string().max(PASSWORD_MAX * 4),
  confirm: z.string().max(PASSWORD_MAX * 4),
});

type Field = "current" | "next" | "confirm";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  const t = translator(await getLang(request));
  const fail = (field: Field, key: MessageKey) => data({ errors: { [field]: t(key) } as Partial<Record<Field, string>> }, { status: 400 });
  const parsed = PasswordForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return fail("next", "password.tooLong");
  const { current, next, confirm } = parsed.data;
  const hash = await getPasswordHash({ db: await getDb(), id: user.id });
  if (!hash || !(await verifyPassword(hash, current))) return fail("current", "account.wrongCurrent");
  const problem = passwordProblem(next, user.username);
  if (problem) return fail("next", `password.${problem}`);
  if (next === current) return fail("next", "account.sameAsOld");
  if (next !== confirm) return fail("confirm", "account.mismatch");
  await changeOwnPassword({ user, ip: clientIp(context), newPassword: next });
  // every session ended with the change, this one too: a fresh one for this browser
  const setCookie = await startSession(user.id);
  return redirect(homePathFor({ mustChangePassword: false, grants: user.grants }), { headers: { "Set-Cookie": setCookie } });
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const actionData = useActionData() as { errors?: Partial<Record<Field, string>> } | undefined;
  const errors = actionData?.errors ?? {};
  const t = useT();
  const field = (name: Field, label: string, autoComplete: string, hint?: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        maxLength={PASSWORD_MAX}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined}
      />
      {hint ? (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {errors[name] ? (
        <p id={`${name}-error`} className="field-error">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <section className="card narrow stack">
      <h1>{t("account.title")}</h1>
      {mustChange ? (
        <p className="alert alert-ok" role="status">
          {t("account.mustChange")}
        </p>
      ) : null}
      <Form method="post" className="form">
        {field("current", t("account.current"), "current-password")}
        {field("next", t("account.new"), "new-password", t("account.hint"))}
        {field("confirm", t("account.confirm"), "new-password")}
        <button type="submit" className="button primary">
          {t("account.submit")}
        </button>
      </Form>
    </section>
  );
}
