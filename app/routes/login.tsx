import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { SignInForm } from "~/domain/sign-in-form";
import { useT } from "~/i18n/use-t";
import { endSession, getOptionalUser, homePathFor } from "~/utils/session.server";
import { assertSameOrigin } from "~/utils/csrf.server";
import { DEMO_PASSWORD, demoAccountsAllowed } from "~/utils/demo.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { clientIp } from "~/utils/request.server";
import { safeRedirectPath } from "~/utils/safe-redirect";
import { parseSignInForm, signIn } from "~/services/sign-in.server";
import { passActionHeaders } from "~/utils/action-headers";
import { pageTitle } from "~/i18n/meta";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.login") }];
export const headers = passActionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user));
  return { demoPassword: demoAccountsAllowed() ? DEMO_PASSWORD : null };
}

/** the password is never sent back */
const hideFields = ["password"];

/**
 * Answers: a redirect with the session cookie; 400 with the one generic message for any wrong
 * username, password, disabled or refused account; 429 (with Retry-After) while throttled — the
 * same generic message plus when to try again.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const submission = parseSignInForm(await request.formData());
  if (submission.status !== "success") return replyInvalid(submission, { hideFields });
  const { username, password, redirectTo } = submission.value;
  const result = await signIn({ username, password, ip: clientIp(context) });
  if (!result.ok) {
    const headers = result.code === "throttled" ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
    return replyRefused(submission, result, { hideFields, headers });
  }
  // a session this browser already had ends: one sign-in, one session
  await endSession(request);
  const target = result.home === "/account/password" ? result.home : safeRedirectPath(redirectTo, result.home);
  return redirect(target, { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
  const { demoPassword } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useFormReply<SignInForm>({ id: "login", lastResult });
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  return (
    <section className="card narrow stack">
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      <Form method="post" className="form" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          meta={fields.username}
          label={t("login.username")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={60}
        />
        <Field
          meta={fields.password}
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
        />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      {demoPassword ? (
        <aside className="note small" aria-labelledby="demo-h">
          <h2 id="demo-h">{t("login.demoTitle")}</h2>
          <p>{t("login.demoBody", { password: demoPassword })}</p>
        </aside>
      ) : null}
    </section>
  );
}
