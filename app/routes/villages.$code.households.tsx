import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { HouseholdFields, flagLabel } from "~/components/registers/HouseholdFields";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { useFormAnswer } from "~/components/registers/use-form-answer";
import { VillageNav } from "~/components/VillageNav";
import { FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { parseForm } from "~/domain/form";
import { householdCreateSchema, type HouseholdForm } from "~/domain/household";
import { REGISTER_MESSAGES, householdListQuery } from "~/domain/register-forms";
import { mayAct } from "~/domain/scope";
import { useLang, useT } from "~/i18n/use-t";
import { createHousehold, listGroupsAndLeaders, listHouseholds } from "~/models/households.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { badQuery, parseQuery } from "~/utils/query.server";
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

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.households", undefined, data?.village.name) },
];

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const query = await parseQuery(request, householdListQuery);
  const db = await getDb();
  const [village, list, people] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listHouseholds({
      db,
      villageCode: place.code,
      q: query.q,
      page: query.page,
      pageSize: PAGE_SIZE,
      includeLeft: query.left === "1",
      leaderId: query.leader,
    }),
    listGroupsAndLeaders({ db, villageCode: place.code }),
  ]);
  // ?leader= names one of this village's 联户长 (another village's id finds nothing, and says so)
  const leader = query.leader == null ? null : people.leaders.find((l) => l.id === query.leader);
  if (leader === undefined) throw await badQuery(request, { field: "leader", message: REGISTER_MESSAGES["query.leaderUnknown"] });
  return {
    village: { code: village!.code, name: village!.name },
    query: {
      q: query.q ?? "",
      page: query.page,
      left: query.left === "1",
      leader: leader ? { id: leader.id, name: leader.name, households: leader.households } : null,
    },
    list,
    groups: people.groups.map(({ id, name }) => ({ id, name })),
    leaders: people.leaders.map(({ id, name, groupId, households }) => ({ id, name, groupId, households })),
    canEdit: mayAct(user.grants, "secretary", [place]),
    today: todayInChina(),
  };
}

/** Adds a household (intent=create); a 户号 taken or a group or leader of another village is refused beside its field. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const submission = parseForm(await request.formData(), householdCreateSchema({ today: todayInChina() }));
  if (submission.status !== "success") return replyInvalid(submission);
  const { intent: _intent, ...input } = submission.value;
  const result = await createHousehold({ db: await getDb(), villageCode: village.code, input, actor: actorOf(user) });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/villages/${village.code}/households/${encodeURIComponent(input.code)}?saved=created`);
}

export default function HouseholdRegister() {
  const { village, query, list, groups, leaders, canEdit, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answer = useFormAnswer(lastResult, () => true);
  const [form, fields] = useFormReply<HouseholdForm & { intent: "create" }>({
    id: "new",
    lastResult: answer,
    defaultValue: { joinedOn: today },
  });
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
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
      {imported ? <Toast>{t("registers.imported", { n: imported })}</Toast> : null}

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
          {query.leader ? (
            <>
              {" "}
              · <Link to={query.q ? `${base}?q=${encodeURIComponent(query.q)}` : base}>{t("registers.allLeaders")}</Link>
            </>
          ) : null}
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
                    <td className={h.leftReason ? "wrap" : undefined}>
                      {h.leftOn ? `${date(h.leftOn, lang)}${h.leftReason ? t("punct.paren", { text: h.leftReason }) : ""}` : "—"}
                    </td>
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
          <h2 id="add-h" tabIndex={-1}>
            {t("registers.addHousehold")}
          </h2>
          <Form method="post" {...formProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <HouseholdFields fields={fields} withCode groups={groups} leaders={leaders} today={today} />
            <FormErrorsAlert form={form} />
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
