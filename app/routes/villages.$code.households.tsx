import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { HouseholdFields, flagLabel, type FieldErrorMap } from "~/components/registers/HouseholdFields";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { VillageNav } from "~/components/VillageNav";
import { householdFormSchema, zodFieldErrors } from "~/domain/household";
import { REGISTER_MESSAGES, householdListQuery } from "~/domain/register-forms";
import { mayAct } from "~/domain/scope";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { createHousehold, listGroupsAndLeaders, listHouseholds } from "~/models/households.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/utils/auth.server";
import { parseQuery } from "~/utils/query.server";
import { getLang } from "~/utils/lang.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { EmptyState } from "~/components/ui/EmptyState";
import { ExportLink } from "~/components/ui/ExportLink";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";
import { date } from "~/i18n/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.households", undefined, data?.village.name) }];

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const query = await parseQuery(request, householdListQuery);
  const db = await getDb();
  const [village, list, people] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listHouseholds({ db, villageCode: place.code, q: query.q, page: query.page, pageSize: PAGE_SIZE, includeLeft: query.left === "1", leaderId: query.leader }),
    listGroupsAndLeaders({ db, villageCode: place.code }),
  ]);
  // ?leader= names one of this village's 联户长 (another village's id finds nothing, and says so)
  const leader = query.leader == null ? null : people.leaders.find((l) => l.id === query.leader);
  if (leader === undefined) {
    throw new Response(`leader: ${pick(await getLang(request), REGISTER_MESSAGES["query.leaderUnknown"])}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return {
    village: { code: village!.code, name: village!.name },
    query: { q: query.q ?? "", page: query.page, left: query.left === "1", leader: leader ? { id: leader.id, name: leader.name, households: leader.households } : null },
    list,
    groups: people.groups.map(({ id, name }) => ({ id, name })),
    leaders: people.leaders.map(({ id, name, groupId, households }) => ({ id, name, groupId, households })),
    canEdit: mayAct(user.grants, "secretary", [place]),
    today: todayInChina(),
  };
}

type ActionData = { errors: FieldErrorMap; values?: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const form = await request.formData();
  const values: Record<string, string | string[]> = {
    ...Object.fromEntries([...form.entries()].filter(([k]) => k !== "flags").map(([k, v]) => [k, String(v)])),
    flags: form.getAll("flags").map(String),
  };
  if (values.intent !== "create") return data<ActionData>({ errors: { _form: { zh: "请求无效", en: "Invalid request" } } }, { status: 400 });
  const parsed = householdFormSchema({ today: todayInChina() }).safeParse(values);
  if (!parsed.success) return data<ActionData>({ errors: zodFieldErrors(parsed.error).fieldErrors, values }, { status: 400 });
  const db = await getDb();
  const result = await createHousehold({
    db,
    villageCode: village.code,
    input: parsed.data,
    actor: actorOf(user),
  });
  if (!result.ok) {
    const field = result.error.zh.includes("户号") ? "code" : result.error.zh.includes("联户长") ? "leaderId" : result.error.zh.includes("村民组") ? "groupId" : "_form";
    return data<ActionData>({ errors: { [field]: result.error }, values }, { status: result.status });
  }
  return redirect(`/villages/${village.code}/households/${encodeURIComponent(parsed.data.code)}?saved=created`);
}

export default function HouseholdRegister() {
  const { village, query, list, groups, leaders, canEdit, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const errors = actionData?.errors ?? {};
  const posted = actionData?.values;
  const base = `/villages/${village.code}/households`;
  const imported = params.get("imported");

  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <header className="title-row">
        <h1>{t("registers.households.title")}</h1>
        <p className="actions no-print">
          {canEdit ? (
            <Link className="button secondary" to={`${base}/import`}>
              {t("registers.import")}
            </Link>
          ) : null}
          <ExportLink className="button secondary" href={`${base}/export?format=csv`}>
            {t("registers.exportCsv")}
          </ExportLink>
          <ExportLink className="button secondary" href={`${base}/export?format=xlsx`}>
            {t("registers.exportXlsx")}
          </ExportLink>
        </p>
      </header>
      {imported ? (
        <Toast>{t("registers.imported", { n: imported })}</Toast>
      ) : null}

      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="sr-only">
          {t("registers.households.title")}
        </h2>
        <Form method="get" role="search" className="stack">
          <div className="search-row">
            <label className="sr-only" htmlFor="q">
              {t("registers.search")}
            </label>
            <input id="q" name="q" type="search" maxLength={50} defaultValue={query.q} placeholder={t("registers.searchPlaceholder")} />
            <button type="submit" className="secondary">
              {t("registers.searchButton")}
            </button>
          </div>
          {leaders.length ? (
            <div className="search-row">
              <label htmlFor="leader" className="small">
                {t("registers.leaderFilter")}
              </label>
              <select id="leader" name="leader" defaultValue={query.leader?.id ?? ""}>
                <option value="">{t("registers.allLeaders")}</option>
                {leaders.map((l) => (
                  <option key={l.id} value={l.id}>
                    {t("registers.leaderOption", { name: l.name, n: l.households })}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <label className="small">
            <input type="checkbox" name="left" value="1" defaultChecked={query.left} /> {t("registers.includeLeft")}
          </label>
        </Form>
        <p className="muted small" aria-live="polite">
          {query.leader ? <>{t("registers.leaderLooksAfter", { name: query.leader.name })} · </> : null}
          {query.q ? t("registers.foundFor", { n: list.total, q: query.q }) : t("registers.count", { n: list.total })}
          {query.leader ? <> · <Link to={query.q ? `${base}?q=${encodeURIComponent(query.q)}` : base}>{t("registers.allLeaders")}</Link></> : null}
        </p>
        {list.rows.length === 0 ? (
          <EmptyState
            title={t("registers.noHouseholds")}
            action={
              !query.q && canEdit ? (
                <>
                  <a className="button primary" href="#add-h">
                    {t("empty.addAction")}
                  </a>
                  <Link className="button secondary" to={`${base}/import`}>
                    {t("empty.importAction")}
                  </Link>
                </>
              ) : null
            }
          >
            {query.q ? t("empty.households.search") : canEdit ? t("empty.households.body") : t("empty.households.readOnly")}
          </EmptyState>
        ) : (
          <div {...scrollRegion(t, t("registers.households.title"))}>
            <table className="register-table">
              <thead>
                <tr>
                  <th scope="col">{t("registers.code")}</th>
                  <th scope="col">{t("registers.headName")}</th>
                  <th scope="col">{t("registers.group")}</th>
                  <th scope="col">{t("registers.leader")}</th>
                  <th scope="col" className="num">
                    {t("registers.members")}
                  </th>
                  <th scope="col">{t("registers.flags")}</th>
                  <th scope="col">{t("registers.joinedOn")}</th>
                  <th scope="col">{t("registers.leftOn")}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">
                      <Link to={`${base}/${encodeURIComponent(h.code)}`}>{h.code}</Link>
                    </th>
                    <td>{h.headName}</td>
                    <td>{h.groupName ?? "—"}</td>
                    <td>{h.leaderName ?? "—"}</td>
                    <td className="num">{h.members}</td>
                    <td className="small wrap">{h.flags.map((f) => flagLabel(f, lang)).join(t("punct.enumSep")) || "—"}</td>
                    <td className="nowrap">{date(h.joinedOn, lang)}</td>
                    <td className={h.leftReason ? "wrap" : undefined}>{h.leftOn ? `${date(h.leftOn, lang)}${h.leftReason ? t("punct.paren", { text: h.leftReason }) : ""}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <RegisterPager page={list.page} total={list.total} pageSize={list.pageSize} label={t("registers.households.title")} />
      </section>

      {canEdit ? (
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h" tabIndex={-1}>{t("registers.addHousehold")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="create" />
            <HouseholdFields
              idPrefix="new"
              groups={groups}
              leaders={leaders}
              withCode
              today={today}
              errors={errors}
              values={
                posted
                  ? {
                      code: String(posted.code ?? ""),
                      headName: String(posted.headName ?? ""),
                      groupId: posted.groupId ? Number(posted.groupId) : null,
                      leaderId: posted.leaderId ? Number(posted.leaderId) : null,
                      members: String(posted.members ?? ""),
                      flags: Array.isArray(posted.flags) ? posted.flags : [],
                      joinedOn: String(posted.joinedOn ?? ""),
                      phone: String(posted.phone ?? ""),
                    }
                  : { joinedOn: today, members: 1 }
              }
              key={posted ? JSON.stringify(posted) : "blank"}
            />
            {errors._form ? (
              <p className="alert alert-error" role="alert">
                {pick(lang, errors._form)}
              </p>
            ) : null}
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("registers.add")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="muted small">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
