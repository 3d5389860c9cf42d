import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { endSession, getOptionalUser, homePathFor } from "~/utils/session.server";
import { assertSameOrigin } from "~/utils/csrf.server";
import { DEMO_PASSWORD, demoAccountsAllowed } from "~/utils/demo.server";
import { getLang } from "~/utils/lang.server";
import { clientIp } from "~/utils/request.server";
import { safeRedirectPath } from "~/utils/safe-redirect";
import { LoginForm, signIn } from "~/services/sign-in.server";
import { passActionHeaders } from "~/utils/action-headers";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.login") }];
export const headers = passActionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(homePathFor(user));
  return { demoPassword: demoAccountsAllowed() ? DEMO_PASSWORD : null };
}

/**
 * Answers: a redirect with the session cookie; 400 with the one generic message for any wrong
 * username, password, disabled or refused account; 429 (with Retry-After) while throttled — the
 * same generic message plus when to try again.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const t = translator(await getLang(request));
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: t("login.required"), username: "" }, { status: 400 });
  const { username, password, redirectTo } = parsed.data;
  const result = await signIn({ username, password, ip: clientIp(context) });
  if (result.ok) {
    // a session this browser already had ends: one sign-in, one session
    await endSession(request);
    const target = result.home === "/account/password" ? result.home : safeRedirectPath(redirectTo, result.home);
    return redirect(target, { headers: { "Set-Cookie": result.setCookie } });
  }
  if (result.reason === "throttled") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return data(
      { error: t("login.throttled", { minutes }), username },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return data({ error: t("login.wrong"), username }, { status: 400 });
}

export default function Login() {
  const { demoPassword } = useLoaderData<typeof loader>();
  const actionData = useActionData() as { error?: string; username?: string } | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  return (
    <section className="card narrow stack">
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      <Form method="post" className="form" aria-describedby={actionData?.error ? "login-error" : undefined}>
        {actionData?.error ? (
          <p id="login-error" className="alert alert-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="username">{t("login.username")}</label>
          <input
            type="text"
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={60}
            defaultValue={actionData?.username ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </div>
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
