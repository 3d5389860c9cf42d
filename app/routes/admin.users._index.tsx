import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { GrantLabel } from "~/components/grant-label";
import { Pager } from "~/components/pager";
import { Field, formProps, useFormReply } from "~/components/ui/forms";
import { usersQuerySchema } from "~/domain/account-form";
import { parseForm } from "~/domain/form";
import { creatableRoles, mayManage } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import { describeGrants, getGrantsOfUsers, grantRequestsById, listUsersInScope } from "~/models/users.server";
import { requireUser } from "~/services/auth.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.users") }];

const PAGE_SIZE = 50;

/**
 * The accounts this user looks after: all for an admin, the secretaries of a bureau's villages,
 * the member logins of a secretary's village. A bounded number of queries per page. A search
 * that cannot be run (control characters, over 60 characters) is a 400 with its message beside
 * the search box; a bad page number reads as the first page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["admin", "bureau", "secretary"] });
  const query = parseForm(new URL(request.url).searchParams, usersQuerySchema);
  const canCreate = creatableRoles(user.grants).length > 0;
  if (query.status !== "success") {
    return data({ search: query.reply(), page: 1, pages: 1, total: 0, canCreate, users: [] }, { status: 400 });
  }
  const { page } = query.value;
  const q = query.value.q ?? "";
  const db = await getDb();
  const { rows, total } = await listUsersInScope({ db, grants: user.grants, q, page, pageSize: PAGE_SIZE });
  const grantsByUser = await getGrantsOfUsers({ db, userIds: rows.map((r) => r.id) });
  const allGrants = [...grantsByUser.values()].flat();
  const [requests, described] = await Promise.all([
    grantRequestsById({ db, grants: allGrants }),
    describeGrants({ db, grants: allGrants }),
  ]);
  const describedById = new Map(described.map((d) => [d.id, d]));
  return {
    // the search as given (a search that runs clears the message of the one before)
    search: query.reply(),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    canCreate,
    users: rows.map((r) => {
      const grants = grantsByUser.get(r.id) ?? [];
      return {
        id: r.id,
        username: r.username,
        displayName: r.displayName,
        disabled: r.disabledAt != null,
        mustChangePassword: r.mustChangePassword,
        isDemo: r.isDemo,
        grants: grants.map((g) => describedById.get(g.id)!),
        manageable: mayManage(user, { id: r.id, grants: grants.flatMap((g) => requests.get(g.id) ?? []) }),
      };
    }),
  };
}

export default function Users() {
  const { search, page, pages, total, users, canCreate } = useLoaderData<typeof loader>();
  const [form, fields] = useFormReply<{ q: string }>({ id: "users-search", lastResult: search });
  const t = useT();
  return (
    <section className="stack">
      <div className="title-row">
        <h1>{t("users.title")}</h1>
        {canCreate ? (
          <Link to="/admin/users/new" className="button primary">
            {t("users.new")}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="search-row" role="search" {...formProps(form)}>
        <Field
          meta={fields.q}
          label={<span className="sr-only">{t("users.search")}</span>}
          type="search"
          placeholder={t("users.search")}
          maxLength={60}
        />
        <button type="submit" className="button secondary">
          {t("users.searchButton")}
        </button>
      </Form>
      <p className="muted small">{t("users.total", { total })}</p>
      {users.length === 0 ? (
        <EmptyState
          title={t("users.empty")}
          action={
            <Link to="/admin/users/new" className="button primary">
              {t("users.new")}
            </Link>
          }
        >
          {t("empty.users.body")}
        </EmptyState>
      ) : (
        <ul className="user-list">
          {users.map((u) => (
            <li key={u.id} className="card">
              <div className="user-head">
                {u.manageable ? <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link> : <strong>{u.displayName}</strong>}
                <span className="muted small"> {u.username}</span>
                {u.disabled ? <span className="badge badge-returned">{t("users.disabled")}</span> : null}
                {u.mustChangePassword ? <span className="badge badge-submitted">{t("users.mustChange")}</span> : null}
                {u.isDemo ? <span className="badge badge-draft">{t("users.demo")}</span> : null}
              </div>
              <ul className="grant-list small">
                {u.grants.map((g) => (
                  <li key={g.id}>
                    <GrantLabel grant={g} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pages={pages} />
    </section>
  );
}
