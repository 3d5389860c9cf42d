import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { GrantLabel } from "~/components/grant-label";
import { creatableRoles, mayGrant, type Role } from "~/domain/scope";
import { translator } from "~/i18n";
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
import { grantFromForm, type GrantFieldErrors } from "~/services/grants.server";
import { getLang } from "~/utils/lang.server";
import { clientIp } from "~/utils/request.server";
import { passActionHeaders } from "~/utils/action-headers";
import { Toast } from "~/components/ui/Toast";
import { errorAria, FieldError } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.user") }];
export const headers = passActionHeaders;

const MANAGERS: Role[] = ["admin", "bureau", "secretary"];
const UserId = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** The user named in the URL, when the signed-in user may manage them; 403 otherwise (unknown ids too). */
async function manageable(request: Request, user: AuthUser, id: string | undefined) {
  const parsed = UserId.safeParse(id);
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

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("reset-password") }),
  z.object({ intent: z.literal("add-grant") }),
  z.object({ intent: z.literal("remove-grant"), grantId: z.coerce.number().int().positive() }),
]);

type ActionData =
  | { ok: "saved" }
  | { oneTimePassword: string }
  | { errors: GrantFieldErrors & { intent?: string } };

/** disable / enable / reset-password / add-grant / remove-grant — each audited, each in one transaction. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const target = await manageable(request, user, params.id);
  const t = translator(await getLang(request));
  const form = Object.fromEntries(await request.formData());
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return data<ActionData>({ errors: { intent: t("error.title") } }, { status: 400 });
  const ip = clientIp(context);
  const ctx = { actor: user, ip, user: target.user, requests: target.requests };
  switch (parsed.data.intent) {
    case "disable":
    case "enable":
      await setAccountDisabled({ ...ctx, disabled: parsed.data.intent === "disable" });
      return data<ActionData>({ ok: "saved" });
    case "reset-password": {
      const { oneTimePassword } = await resetAccountPassword(ctx);
      return data<ActionData>({ oneTimePassword }, { headers: { "Cache-Control": "no-store" } });
    }
    case "add-grant": {
      const fromForm = await grantFromForm({ request, user, form, t });
      if ("errors" in fromForm) return data<ActionData>({ errors: fromForm.errors }, { status: 400 });
      await addAccountGrant({ actor: user, ip, user: target.user, grant: fromForm.grant });
      return data<ActionData>({ ok: "saved" });
    }
    case "remove-grant": {
      const grantId = parsed.data.grantId;
      const grant = target.grants.find((g) => g.id === grantId);
      const requests = grant ? await grantRequestsById({ db: await getDb(), grants: [grant] }) : null;
      const grantRequest = grant ? requests?.get(grant.id) : undefined;
      if (!grant || !grantRequest) throw await forbidden(request);
      await removeAccountGrant({ actor: user, ip, user: target.user, grant, request: grantRequest });
      return data<ActionData>({ ok: "saved" });
    }
  }
}

export default function UserDetail() {
  const { user, grants, roles, regions } = useLoaderData<typeof loader>();
  const result = useActionData() as ActionData | undefined;
  const t = useT();
  const errors = result && "errors" in result ? result.errors : {};
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
        {result && "ok" in result ? (
          <Toast>{t("user.saved")}</Toast>
        ) : null}
        {errors.intent ? (
          <p className="alert alert-error" role="alert">
            {errors.intent}
          </p>
        ) : null}
        {result && "oneTimePassword" in result ? (
          <div className="alert alert-ok" role="status">
            <p>
              {t("user.resetDone")} {t("users.oneTimePassword")}
              {t("punct.colon")}
              <code className="otp" data-testid="one-time-password">{result.oneTimePassword}</code>
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
          <Form method="post" className="form inline-form" noValidate>
            <input type="hidden" name="intent" value="add-grant" />
            <div className="field">
              <label htmlFor="role">{t("users.role")}</label>
              <select id="role" name="role" {...errorAria("role", errors.role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
              <FieldError fieldId="role" error={errors.role} />
            </div>
            <div className="field">
              <label htmlFor="regionCode">{t("users.regionCode")}</label>
              <input type="text" id="regionCode" name="regionCode" inputMode="numeric" maxLength={12} list="regions-in-scope" {...errorAria("regionCode", errors.regionCode)} />
              <datalist id="regions-in-scope">
                {regions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </datalist>
              <FieldError fieldId="regionCode" error={errors.regionCode} />
            </div>
            <div className="field">
              <label htmlFor="householdCode">{t("users.householdCode")}</label>
              <input type="text" id="householdCode" name="householdCode" maxLength={20} {...errorAria("householdCode", errors.householdCode)} />
              <FieldError fieldId="householdCode" error={errors.householdCode} />
            </div>
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
