import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { MemberFields } from "~/components/members/MemberFields";
import { MemberTable } from "~/components/members/MemberTable";
import { RegisterFilingLinks } from "~/components/members/RegisterFilingLinks";
import { Toast } from "~/components/ui/Toast";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { EmptyState } from "~/components/ui/EmptyState";
import { FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { VillageNav } from "~/components/VillageNav";
import { parseForm } from "~/domain/form";
import { MEMBER_FORM_MESSAGES, memberCreateSchema, memberListQuery, type MemberCreateForm } from "~/domain/members";
import { mayAct } from "~/domain/scope";
import { date } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { getHousehold, listGroupsAndLeaders } from "~/models/households.server";
import { canKeepIdNumbers } from "~/models/member-identity.server";
import { listMembers, registerCounts } from "~/models/members.server";
import { createMember } from "~/models/members-write.server";
import { householdIdsByCode } from "~/models/share-register.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import registersCss from "~/styles/registers.css";
import { actorOf } from "~/utils/audit.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { badQuery, parseQuery } from "~/utils/query.server";
import { todayInChina } from "~/utils/today.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.members", undefined, data?.village.name) },
];

const PAGE_SIZE = 50;

/**
 * 成员名册: the register as it stood on `?on=` (default today), searched, by group or household,
 * with its counts on that day. Read by the village's secretary and the town and county above it;
 * the secretary adds persons here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const query = await parseQuery(request, memberListQuery({ today }));
  const db = await getDb();
  const [village, people, households] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listGroupsAndLeaders({ db, villageCode: place.code }),
    householdIdsByCode({ db, villageCode: place.code, codes: query.household ? [query.household] : [] }),
  ]);
  // ?group= and ?household= name this village's (another village's finds nothing, and says so)
  if (query.group != null && !people.groups.some((g) => g.id === query.group))
    throw await badQuery(request, { field: "group", message: MEMBER_FORM_MESSAGES["query.groupUnknown"] });
  const householdId = query.household ? households.get(query.household) : undefined;
  if (query.household && householdId === undefined)
    throw await badQuery(request, { field: "household", message: MEMBER_FORM_MESSAGES["query.householdUnknown"] });
  const filter = { db, villageCode: place.code, on: query.on };
  const [list, counts, household] = await Promise.all([
    listMembers({ ...filter, q: query.q, groupId: query.group, householdId, page: query.page, pageSize: PAGE_SIZE }),
    registerCounts(filter),
    householdId === undefined ? null : getHousehold({ db, villageCode: place.code, id: householdId }),
  ]);
  return {
    village: { code: village!.code, name: village!.name },
    query: { on: query.on, q: query.q ?? "", group: query.group ?? null, page: query.page },
    household: household ? { code: household.code, headName: household.headName } : null,
    list,
    counts,
    groups: people.groups.map(({ id, name }) => ({ id, name })),
    canEdit: mayAct(user.grants, "secretary", [place]),
    canKeepIds: canKeepIdNumbers(),
    today,
  };
}

/** Adds a person (intent=create) to the household with that 户号; a second 户主, a number taken or a left household is refused beside its field. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const today = todayInChina();
  const submission = parseForm(await request.formData(), memberCreateSchema({ today }));
  if (submission.status !== "success") return replyInvalid(submission);
  const { intent: _intent, ...input } = submission.value;
  const result = await createMember({ db: await getDb(), villageCode: village.code, input, actor: actorOf(user), today });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/villages/${village.code}/members/${result.id}?saved=created`);
}

export default function MemberRegister() {
  const { village, query, household, list, counts, groups, canEdit, canKeepIds, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useFormReply<MemberCreateForm>({
    id: "new",
    lastResult,
    defaultValue: { householdCode: household?.code ?? "", confirmedOn: today, civilCapacity: "by_age" },
  });
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const base = `/villages/${village.code}/members`;
  const title = t("members.title");
  const imported = useSearchParams()[0].get("imported");

  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <header className="title-row">
        <h1>{title}</h1>
        <RegisterFilingLinks code={village.code} on={query.on} canEdit={canEdit} />
      </header>
      {imported ? <Toast>{t("registers.imported", { n: imported })}</Toast> : null}

      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="sr-only">
          {title}
        </h2>
        <Form method="get" role="search" className="filters">
          <div className="field">
            <label htmlFor="on">{t("members.on")}</label>
            <input id="on" name="on" type="date" defaultValue={query.on} />
          </div>
          <div className="field">
            <label htmlFor="q">{t("members.search")}</label>
            <input id="q" name="q" type="search" maxLength={50} defaultValue={query.q} placeholder={t("members.searchPlaceholder")} />
          </div>
          {groups.length ? (
            <div className="field">
              <label htmlFor="group">{t("members.group")}</label>
              <select id="group" name="group" defaultValue={query.group ?? ""}>
                <option value="">{t("members.allGroups")}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {household ? <input type="hidden" name="household" value={household.code} /> : null}
          <button type="submit" className="secondary button">
            {t("members.show")}
          </button>
        </Form>
        <p className="small" aria-live="polite">
          {t("members.counts", {
            date: date(query.on, lang),
            members: counts.members,
            households: counts.households,
            full: counts.fullCapacity,
          })}
        </p>
        {household || query.q || query.group ? (
          <p className="muted small">
            {household ? <>{t("members.household", { code: household.code, head: household.headName })} · </> : null}
            {t("members.found", { n: list.total })} · <Link to={`${base}?on=${query.on}`}>{t("members.allHouseholds")}</Link>
          </p>
        ) : null}
        {list.rows.length === 0 ? (
          <EmptyState
            title={counts.members === 0 && !household ? t("members.noneYet") : t("members.none")}
            action={
              canEdit ? (
                <a className="button primary" href="#add-h">
                  {t("members.add")}
                </a>
              ) : null
            }
          >
            {canEdit ? null : t("members.readOnly")}
          </EmptyState>
        ) : (
          <MemberTable villageCode={village.code} rows={list.rows} label={title} />
        )}
        <RegisterPager page={list.page} total={list.total} pageSize={list.pageSize} label={title} />
        <p className="small muted">{t("members.disputes")}</p>
      </section>

      {canEdit ? (
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h" tabIndex={-1}>
            {t("members.add")}
          </h2>
          <p className="small muted">{t("members.addHelp")}</p>
          <Form method="post" {...formProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <MemberFields fields={fields} today={today} canKeepIds={canKeepIds} />
            <FormErrorsAlert form={form} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("members.addButton")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="muted small">{t("members.readOnly")}</p>
      )}
    </div>
  );
}
