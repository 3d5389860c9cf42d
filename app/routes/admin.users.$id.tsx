import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { RoleField, ScopeFields } from "~/components/accounts/GrantFields";
import { GrantLabel } from "~/components/grant-label";
import { ErrorList, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { manageAccountSchema, userIdParam, type ManageAccountForm } from "~/domain/account-form";
import { parseForm } from "~/domain/form";
import { creatableRoles, mayGrant, type Role } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import {
  addAccountGrant,
  loadManageableUser,
  removeAccountGrant,
  resetAccountPassword,
  setAccountDisabled,
} from "~/models/accounts.server";
import { listGrantableRegions } from "~/models/places.server";
import { describeGrants, grantRequestsById } from "~/models/users.server";
import { forbidden, requireUser, type AuthUser } from "~/services/auth.server";
import { grantFrom } from "~/services/grants.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { clientIp } from "~/utils/request.server";
import { passActionHeaders } from "~/utils/action-headers";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.user") }];
export const headers = passActionHeaders;

const MANAGERS: Role[] = ["admin", "bureau", "secretary"];

/** The user named in the URL, when the signed-in user may manage them; 403 otherwise (unknown ids too). */
async function manageable(request: Request, user: AuthUser, id: string | undefined) {
  const parsed = userIdParam.safeParse(id);
  const target = parsed.success ? await loadManageableUser({ db: await getDb(), actor: user, userId: parsed.data }) : null;
  if (!target) throw await forbidden(request);
  return target;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const target = await manageable(request, user, params.id);
  const db = await getDb();
  const [grants, requests, regions] = await Promise.all([
    describeGrants({ db, grants: target.grants }),
    grantRequestsById({ db, grants: target.grants }),
    listGrantableRegions({ db, grants: user.grants }),
  ]);
  return {
    user: {
      id: target.user.id,
      username: target.user.username,
      displayName: target.user.displayName,
      disabled: target.user.disabledAt != null,
      mustChangePassword: target.user.mustChangePassword,
      createdAt: target.user.createdAt.toISOString(),
    },
    grants: grants.map((g) => {
      const request = requests.get(g.id);
      return { ...g, removable: request ? mayGrant(user.grants, request) : false };
    }),
    roles: creatableRoles(user.grants),
    regions,
  };
}

const saved = () => ({ saved: true as const });

/**
 * disable / enable / reset-password / add-grant / remove-grant — each audited, each in one
 * transaction. A role or place the user may not hand out (or take away) is a 403.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const target = await manageable(request, user, params.id);
  const submission = parseForm(await request.formData(), manageAccountSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const form = submission.value;
  const ip = clientIp(context);
  const ctx = { actor: user, ip, user: target.user, requests: target.requests };
  switch (form.intent) {
    case "disable":
    case "enable":
      await setAccountDisabled({ ...ctx, disabled: form.intent === "disable" });
      return saved();
    case "reset-password": {
      const { oneTimePassword } = await resetAccountPassword(ctx);
      return data({ oneTimePassword }, { headers: { "Cache-Control": "no-store" } });
    }
    case "add-grant": {
      const grant = await grantFrom({ user, input: form });
      if (!grant.ok) {
        if (grant.code === "forbidden") throw await forbidden(request);
        return replyRefused(submission, grant);
      }
      const added = await addAccountGrant({ actor: user, ip, user: target.user, grant: grant.grant });
      if (!added.ok) throw await forbidden(request);
      return saved();
    }
    case "remove-grant": {
      const grant = target.grants.find((g) => g.id === form.grantId);
      const grantRequest = grant ? (await grantRequestsById({ db: await getDb(), grants: [grant] })).get(grant.id) : undefined;
      const removed =
        grant && grantRequest ? await removeAccountGrant({ actor: user, ip, user: target.user, grant, request: grantRequest }) : null;
      if (!removed?.ok) throw await forbidden(request);
      return saved();
    }
  }
}

type AddGrant = Extract<ManageAccountForm, { intent: "add-grant" }>;
type RemoveGrant = Extract<ManageAccountForm, { intent: "remove-grant" }>;

export default function UserDetail() {
  const { user, grants, roles, regions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const reply = answer && !("saved" in answer) && !("oneTimePassword" in answer) ? answer : null;
  const [addForm, add] = useFormReply<AddGrant>({ id: "add-grant", lastResult: reply, intent: "add-grant" });
  // an answer to any other button (a request no form sends, a role that is gone) is the page's
  const [pageForm, page] = useFormReply<RemoveGrant>({
    id: "user",
    lastResult: reply?.initialValue?.intent === "add-grant" ? null : reply,
  });
  return (
    <section className="stack">
      <p>
        <Link to="/admin/users">{t("user.backToList")}</Link>
      </p>
      <header className="card">
        <h1>{user.displayName}</h1>
        <p className="muted">
          {user.username} · {t("user.createdAt")} {user.createdAt.slice(0, 10)}
          {user.disabled ? <span className="badge badge-returned">{t("users.disabled")}</span> : null}
          {user.mustChangePassword ? <span className="badge badge-submitted">{t("users.mustChange")}</span> : null}
        </p>
        {answer && "saved" in answer ? <Toast>{t("user.saved")}</Toast> : null}
        <FormErrorsAlert form={pageForm} />
        <ErrorList id={page.grantId.errorId} errors={page.grantId.errors} />
        {answer && "oneTimePassword" in answer ? (
          <div className="alert alert-ok" role="status">
            <p>
              {t("user.resetDone")} {t("users.oneTimePassword")}
              {t("punct.colon")}
              <code className="otp" data-testid="one-time-password">
                {answer.oneTimePassword}
              </code>
            </p>
            <p className="small">{t("users.otpNote")}</p>
          </div>
        ) : null}
      </header>

      <section className="card stack" aria-labelledby="grants-h">
        <h2 id="grants-h">{t("user.grants")}</h2>
        {grants.length === 0 ? <p className="muted">{t("user.noGrants")}</p> : null}
        <ul className="grant-list">
          {grants.map((g) => (
            <li key={g.id} className="grant-row">
              <GrantLabel grant={g} />
              {g.removable ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-grant" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button type="submit" className="button secondary">
                    {t("user.removeGrant")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {roles.length > 0 ? (
          <Form method="post" className="form inline-form" {...formProps(addForm)}>
            <FormErrorsAlert form={addForm} />
            <input type="hidden" name="intent" value="add-grant" />
            <RoleField meta={add.role} roles={roles} />
            <ScopeFields fields={add} regions={regions} />
            <button type="submit" className="button secondary">
              {t("user.addGrant")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card stack">
        <Form method="post">
          <input type="hidden" name="intent" value="reset-password" />
          <p className="small muted">{t("user.resetNote")}</p>
          <button type="submit" className="button secondary">
            {t("user.resetPassword")}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value={user.disabled ? "enable" : "disable"} />
          {user.disabled ? null : <p className="small muted">{t("user.disableNote")}</p>}
          <button type="submit" className={user.disabled ? "button secondary" : "button danger"}>
            {user.disabled ? t("user.enable") : t("user.disable")}
          </button>
        </Form>
      </section>
    </section>
  );
}
