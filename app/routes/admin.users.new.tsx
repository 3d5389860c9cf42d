import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { creatableRoles, type Role } from "~/domain/scope";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { createAccount } from "~/models/accounts.server";
import { listGrantableRegions } from "~/models/places.server";
import { USERNAME_PATTERN, usernameTaken } from "~/models/users.server";
import { requireUser } from "~/services/auth.server";
import { grantFromForm, type GrantFieldErrors } from "~/services/grants.server";
import { getLang } from "~/utils/lang.server";
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

const AccountFields = z.object({
  username: z.string().trim().toLowerCase(),
  displayName: z.string().trim().min(1).max(60),
});

type Errors = GrantFieldErrors & Partial<Record<"username" | "displayName", string>>;
type ActionData =
  | { errors: Errors; values: Record<string, string> }
  | { created: { username: string; displayName: string; oneTimePassword: string } };

/**
 * Creates an account with a one-time password, shown once in the answer (never stored in
 * clear, never sent again; the response is not cached). The user must change it at first sign-in.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const t = translator(await getLang(request));
  const form = Object.fromEntries(await request.formData());
  const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const fromGrant = await grantFromForm({ request, user, form, t });
  const errors: Errors = "errors" in fromGrant ? { ...fromGrant.errors } : {};
  const account = AccountFields.safeParse(form);
  const username = account.success ? account.data.username : "";
  if (!USERNAME_PATTERN.test(username)) errors.username = t("users.usernameInvalid");
  else if (await usernameTaken({ db: await getDb(), username })) errors.username = t("users.usernameTaken");
  if (!account.success) errors.displayName = t("users.displayNameRequired");
  if (Object.keys(errors).length > 0 || !account.success || "errors" in fromGrant) {
    return data<ActionData>({ errors, values }, { status: 400 });
  }
  try {
    const { oneTimePassword } = await createAccount({
      actor: user,
      ip: clientIp(context),
      username,
      displayName: account.data.displayName,
      grant: fromGrant.grant,
    });
    return data<ActionData>(
      { created: { username, displayName: account.data.displayName, oneTimePassword } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    // two people creating the same username at once: the unique index decides
    const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code === "23505") return data<ActionData>({ errors: { username: t("users.usernameTaken") }, values }, { status: 400 });
    throw error;
  }
}

export default function NewUser() {
  const { roles, regions, defaultRegion } = useLoaderData<typeof loader>();
  const result = useActionData() as ActionData | undefined;
  const t = useT();
  if (result && "created" in result) {
    return (
      <section className="card narrow stack" aria-live="polite">
        <h1>{t("users.created", { username: result.created.username })}</h1>
        <p>{result.created.displayName}</p>
        <p>
          {t("users.oneTimePassword")}
          {t("punct.colon")}
          <code className="otp" data-testid="one-time-password">{result.created.oneTimePassword}</code>
        </p>
        <p className="alert alert-warn">{t("users.otpNote")}</p>
        <p>
          <Link to="/admin/users">{t("user.backToList")}</Link>
        </p>
      </section>
    );
  }
  const errors: Errors = result?.errors ?? {};
  const values = result?.errors ? result.values : {};
  const described = (name: keyof Errors, hint?: boolean) =>
    [hint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const error = (name: keyof Errors) =>
    errors[name] ? (
      <p id={`${name}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;
  return (
    <section className="card narrow stack">
      <h1>{t("users.new")}</h1>
      <Form method="post" className="form" noValidate>
        <div className="field">
          <label htmlFor="role">{t("users.role")}</label>
          <select id="role" name="role" defaultValue={values.role ?? roles[0]} aria-describedby={described("role")}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          {error("role")}
        </div>
        <div className="field">
          <label htmlFor="username">{t("users.username")}</label>
          <input
            type="text"
            id="username"
            name="username"
            required
            maxLength={60}
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={values.username ?? ""}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={described("username")}
          />
          {error("username")}
        </div>
        <div className="field">
          <label htmlFor="displayName">{t("users.displayName")}</label>
          <input
            type="text"
            id="displayName"
            name="displayName"
            required
            maxLength={60}
            defaultValue={values.displayName ?? ""}
            aria-invalid={errors.displayName ? true : undefined}
            aria-describedby={described("displayName")}
          />
          {error("displayName")}
        </div>
        <div className="field">
          <label htmlFor="regionCode">{t("users.regionCode")}</label>
          <input
            type="text"
            id="regionCode"
            name="regionCode"
            inputMode="numeric"
            pattern="[0-9]{12}"
            maxLength={12}
            list="regions-in-scope"
            defaultValue={values.regionCode ?? defaultRegion}
            aria-invalid={errors.regionCode ? true : undefined}
            aria-describedby={described("regionCode", true)}
          />
          <datalist id="regions-in-scope">
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </datalist>
          <p id="regionCode-hint" className="hint">
            {t("users.regionHelp")}
          </p>
          {error("regionCode")}
        </div>
        <div className="field">
          <label htmlFor="householdCode">{t("users.householdCode")}</label>
          <input
            type="text"
            id="householdCode"
            name="householdCode"
            maxLength={20}
            autoCapitalize="characters"
            defaultValue={values.householdCode ?? ""}
            aria-invalid={errors.householdCode ? true : undefined}
            aria-describedby={described("householdCode", true)}
          />
          <p id="householdCode-hint" className="hint">
            {t("users.householdHelp")}
          </p>
          {error("householdCode")}
        </div>
        <button type="submit" className="button primary">
          {t("users.createSubmit")}
        </button>
      </Form>
    </section>
  );
}
