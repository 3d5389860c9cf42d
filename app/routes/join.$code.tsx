import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { parseForm } from "~/domain/form";
import { INVITE_MESSAGES, joinPasswordSchema, joinSignOutSchema, type JoinPasswordForm } from "~/domain/invite-forms";
import { PASSWORD_MAX } from "~/domain/password-policy";
import { refuse, type Refusal } from "~/domain/refusal";
import { pick } from "~/i18n";
import { date } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { joinWithInvite, lookUpInvite } from "~/services/join.server";
import { passActionHeaders } from "~/utils/action-headers";
import { assertSameOrigin } from "~/utils/csrf.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";
import { clientIp } from "~/utils/request.server";
import { endSession, getOptionalUser } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.join") }];
export const headers = passActionHeaders;

/** no password is ever sent back */
const hideFields = ["password", "confirm"];

const retryAfter = (r: { code: string; retryAfterSeconds?: number }) =>
  r.code === "throttled" && r.retryAfterSeconds ? { "Retry-After": String(r.retryAfterSeconds) } : undefined;

/**
 * Only a browser's own look at the page checks its code: a request another site's page makes in
 * the background (an image, a script) must not spend this address's tries (Sec-Fetch-*: sent by
 * every current browser; a request without them is looked up as usual).
 */
function mayLookUp(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  return !site || site === "same-origin" || site === "none" || request.headers.get("Sec-Fetch-Mode") === "navigate";
}

/**
 * /join/<code>, for anyone: the slip's household (its head's name masked) and the password form
 * while the code is open; otherwise why not — unknown 400, used or revoked 409, expired 410, and
 * 429 with Retry-After after too many wrong codes from this address.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const signedInAs = user?.username ?? null;
  if (!mayLookUp(request)) return { view: "unchecked" as const, signedInAs };
  const look = await lookUpInvite({ code: params.code ?? "", ip: clientIp(context) });
  if (!look.ok) {
    return data(
      { view: "refused" as const, signedInAs, message: messageOfRefusal(look) },
      { status: statusOfRefusal(look.code), headers: retryAfter(look) },
    );
  }
  const { household } = look;
  return {
    view: "open" as const,
    signedInAs,
    code: look.code,
    grouped: look.grouped,
    household: {
      villageName: household.villageName,
      householdCode: household.householdCode,
      headMasked: household.headMasked,
      expiresOn: chinaDate(new Date(household.expiresAt)),
    },
  };
}

/**
 * intent=join: opens the account, starts its session and goes to /me, where its username is
 * shown. A browser signed in to any account is asked to sign out first (intent=signout does it)
 * rather than switched silently: the slip's page may be opened on a secretary's phone.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const formData = await request.formData();
  const refused = (refusal: Refusal & { retryAfterSeconds?: number }) =>
    replyRefused(parseForm(formData, joinPasswordSchema({ username: "" })), refusal, { hideFields, headers: retryAfter(refusal) });
  if (await getOptionalUser(request)) {
    if (parseForm(formData, joinSignOutSchema).status === "success") {
      return redirect(`/join/${encodeURIComponent(params.code ?? "")}`, { headers: { "Set-Cookie": await endSession(request) } });
    }
    return refused(refuse("conflict", { message: INVITE_MESSAGES.signedIn }));
  }
  const ip = clientIp(context);
  const look = await lookUpInvite({ code: params.code ?? "", ip });
  if (!look.ok) return refused(look);
  const submission = parseForm(formData, joinPasswordSchema({ username: look.household.usernameBase }));
  if (submission.status !== "success") return replyInvalid(submission, { hideFields });
  const joined = await joinWithInvite({ code: look.code, password: submission.value.password, ip });
  if (!joined.ok) return replyRefused(submission, joined, { hideFields });
  return redirect("/me?welcome=1", { headers: { "Set-Cookie": joined.setCookie } });
}

export default function JoinSlipPage() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const [form, fields] = useFormReply<JoinPasswordForm>({ id: "join", lastResult: answer });
  const password = { type: "password", required: true, maxLength: PASSWORD_MAX } as const;
  return (
    <section className="card narrow stack">
      <h1>{t("title.join")}</h1>
      {page.view === "unchecked" ? (
        <>
          <p>{t("join.unchecked")}</p>
          <p>
            <a className="button primary" href="">
              {t("join.continue")}
            </a>
          </p>
        </>
      ) : null}
      {page.view === "refused" ? (
        <p className="alert alert-error" role="alert">
          {pick(lang, page.message)}
        </p>
      ) : null}
      {page.view === "open" ? (
        <>
          <p className="lead">
            {t("join.household", {
              village: page.household.villageName,
              code: page.household.householdCode,
              name: page.household.headMasked,
            })}
          </p>
          <p className="muted small">{t("join.expires", { date: date(page.household.expiresOn, lang) })}</p>
          {page.signedInAs ? (
            <Form method="post" action={`/join/${page.code}`} className="form">
              <FormErrorsAlert form={form} />
              <p className="alert alert-ok">{t("join.signedInAs", { username: page.signedInAs })}</p>
              <input type="hidden" name="intent" value="signout" />
              <button type="submit" className="button primary">
                {t("join.signOut")}
              </button>
            </Form>
          ) : (
            // a plain POST to this page: works in WeChat's browser with scripts off
            <Form method="post" action={`/join/${page.code}`} className="form" {...formProps(form)}>
              <p>{t("join.choose")}</p>
              <FormErrorsAlert form={form} />
              <input type="hidden" name="intent" value="join" />
              <Field
                meta={fields.password}
                label={t("join.password")}
                hint={t("join.passwordHint")}
                autoComplete="new-password"
                {...password}
              />
              <Field meta={fields.confirm} label={t("join.confirm")} autoComplete="new-password" {...password} />
              <button type="submit" className="button primary">
                {t("join.submit")}
              </button>
            </Form>
          )}
        </>
      ) : null}
      <p>
        <Link to="/join">{t("join.other")}</Link>
      </p>
    </section>
  );
}
