import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb, type Db } from "@db/client.server";
import { HouseholdFields, flagLabel } from "~/components/registers/HouseholdFields";
import { answersIntent, useFormAnswer } from "~/components/registers/use-form-answer";
import { VillageNav } from "~/components/VillageNav";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { parseForm } from "~/domain/form";
import { HOUSEHOLD_CODE, householdPageSchema, type HouseholdPageForm } from "~/domain/household";
import { mayAct } from "~/domain/scope";
import { formatShares, sharesFromNumeric } from "~/domain/shares";
import { useLang, useT } from "~/i18n/use-t";
import { getHousehold, listGroupsAndLeaders, recordLeaving, updateHousehold } from "~/models/households.server";
import { householdIdsByCode } from "~/models/share-register.server";
import { holdingsOf, listShareClasses } from "~/models/shares.server";
import { getVillageIdentity } from "~/models/villages.server";
import { membersOfHousehold } from "~/models/members.server";
import { HouseholdMembers } from "~/components/members/HouseholdMembers";
import { requireVillageAccess } from "~/services/auth.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { getLang } from "~/utils/lang.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { pageTitle } from "~/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.household.code} ${data.household.headName} · ${data.village.name}` : pageTitle(matches, "title.household") },
];

/** The 户号 from the URL (as householdFields.code allows), or a 400 in the user's language. */
async function householdCode(request: Request, value: string | undefined): Promise<string> {
  if (value && HOUSEHOLD_CODE.test(value)) return value;
  const lang = await getLang(request);
  throw new Response(lang === "en" ? "Invalid household number" : "户号无效", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The household of this village with that 户号, or a 404. */
async function findHousehold(request: Request, db: Db, villageCode: string, value: string | undefined) {
  const code = await householdCode(request, value);
  const id = (await householdIdsByCode({ db, villageCode, codes: [code] })).get(code);
  const household = id === undefined ? null : await getHousehold({ db, villageCode, id });
  return household ?? notFound(request);
}

async function notFound(request: Request): Promise<never> {
  const lang = await getLang(request);
  throw new Response(lang === "en" ? "No such household in this village" : "本村没有该户", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const db = await getDb();
  const household = await findHousehold(request, db, place.code, params.household);
  const id = household.id;
  const today = todayInChina();
  const [village, people, classes, held, persons] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listGroupsAndLeaders({ db, villageCode: place.code }),
    listShareClasses({ db, villageCode: place.code }),
    // every entry, so shares dated after today (none should be) would still show
    holdingsOf({ db, villageCode: place.code, householdIds: [id], date: "9999-12-31" }),
    // everyone the register has had in the household, masked; those no longer members last
    membersOfHousehold({ db, householdId: id, villageCode: place.code }),
  ]);
  const holdings = [...(held.get(id) ?? new Map<number, string>())].map(([classId, q]) => ({
    className: classes.find((c) => c.id === classId)?.name ?? String(classId),
    shares: formatShares(sharesFromNumeric(q)),
  }));
  return {
    village: { code: village!.code, name: village!.name },
    household: { ...household, isDemo: undefined },
    holdings,
    persons,
    groups: people.groups.map(({ id, name }) => ({ id, name })),
    leaders: people.leaders.map(({ id, name, groupId }) => ({ id, name, groupId })),
    canEdit: mayAct(user.grants, "secretary", [place]),
    today,
  };
}

/** Edits the household (intent=update, its 户号 stays) or records its leaving (intent=leave, never a delete). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const db = await getDb();
  const household = await findHousehold(request, db, village.code, params.household);
  const submission = parseForm(await request.formData(), householdPageSchema({ today: todayInChina(), joinedOn: household.joinedOn }));
  if (submission.status !== "success") return replyInvalid(submission);
  const form = submission.value;
  const where = { db, villageCode: village.code, id: household.id, actor: actorOf(user) };
  const result =
    form.intent === "update"
      ? await updateHousehold({
          ...where,
          input: {
            headName: form.headName,
            groupId: form.groupId,
            leaderId: form.leaderId,
            flags: form.flags,
            joinedOn: form.joinedOn,
            phone: form.phone,
          },
        })
      : await recordLeaving({ ...where, leftOn: form.leftOn, reason: form.leftReason });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(
    `/villages/${village.code}/households/${encodeURIComponent(household.code)}?saved=${form.intent === "update" ? "updated" : "left"}`,
  );
}

type Update = Extract<HouseholdPageForm, { intent: "update" }>;
type Leave = Extract<HouseholdPageForm, { intent: "leave" }>;

export default function HouseholdPage() {
  const { village, household: h, holdings, persons, groups, leaders, canEdit, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const { headName, groupId, leaderId, flags, joinedOn, phone } = h;
  const [editForm, edit] = useFormReply<Update>({
    id: "edit",
    lastResult: useFormAnswer(lastResult, answersIntent("update")),
    defaultValue: { headName, groupId, leaderId, flags, joinedOn, phone },
  });
  const [leaveForm, leave] = useFormReply<Leave>({
    id: "leave",
    lastResult: useFormAnswer(lastResult, answersIntent("leave")),
    defaultValue: { leftOn: today },
  });
  // a request no form sends (a bad intent) answers the whole page
  const [pageForm] = useFormReply<Update>({
    id: "household",
    lastResult: useFormAnswer(lastResult, (a) => !answersIntent("update", "leave")(a)),
  });

  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={`/villages/${village.code}/households`}>← {t("registers.households.title")}</Link>
      </p>
      <header className="stack">
        <h1>
          {h.code} {h.headName}
        </h1>
        {h.leftOn ? <p className="alert alert-warn">{t("registers.hasLeft", { date: h.leftOn, reason: h.leftReason ?? "" })}</p> : null}
      </header>
      {saved && !lastResult ? (
        <Toast>{t(saved === "created" ? "registers.created" : saved === "left" ? "registers.leftSaved" : "registers.saved")}</Toast>
      ) : null}
      <FormErrorsAlert form={pageForm} />

      <div className="grid-2">
        <section className="card" aria-labelledby="facts-h">
          <h2 id="facts-h">{t("registers.details")}</h2>
          <dl className="totals">
            <div>
              <dt>{t("registers.group")}</dt>
              <dd>{h.groupName ?? "—"}</dd>
            </div>
            <div>
              <dt>{t("registers.leader")}</dt>
              <dd>{h.leaderName ?? "—"}</dd>
            </div>
            <div>
              <dt>{t("registers.members")}</dt>
              <dd>{h.members}</dd>
            </div>
            <div>
              <dt>{t("registers.joinedOn")}</dt>
              <dd>{h.joinedOn}</dd>
            </div>
            <div>
              <dt>{t("registers.flags")}</dt>
              <dd>{h.flags.map((f) => flagLabel(f, lang)).join(t("punct.enumSep")) || "—"}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="shares-h">
          <h2 id="shares-h">{t("registers.holdingsNow")}</h2>
          {holdings.length === 0 ? (
            <p className="muted">{t("registers.noShares")}</p>
          ) : (
            <ul>
              {holdings.map((x) => (
                <li key={x.className}>
                  {x.className}
                  {t("punct.colon")}
                  {x.shares} {t("registers.sharesUnit")}
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <Link to={`/villages/${village.code}/shares`}>{t("registers.toShareRegister")}</Link>
          </p>
        </section>
      </div>

      <HouseholdMembers villageCode={village.code} householdCode={h.code} persons={persons} canAdd={canEdit && !h.leftOn} />

      {canEdit && !h.leftOn ? (
        <>
          <section className="card" aria-labelledby="edit-h">
            <h2 id="edit-h">{t("registers.edit")}</h2>
            <FormErrorsAlert form={editForm} />
            <Form method="post" {...formProps(editForm)}>
              <input type="hidden" name="intent" value="update" />
              <HouseholdFields fields={edit} groups={groups} leaders={leaders} today={today} />
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("registers.save")}
                </button>
              </div>
            </Form>
          </section>

          <section className="card" aria-labelledby="leave-h">
            <h2 id="leave-h">{t("registers.recordLeaving")}</h2>
            <p className="small muted">{t("registers.leavingHelp")}</p>
            <FormErrorsAlert form={leaveForm} />
            <Form method="post" className="inline-form" {...formProps(leaveForm)}>
              <input type="hidden" name="intent" value="leave" />
              <Field meta={leave.leftOn} label={t("registers.leftOn")} type="date" min={h.joinedOn} max={today} required />
              <Field meta={leave.leftReason} label={t("registers.leftReason")} maxLength={200} required />
              <button type="submit" className="danger" disabled={busy}>
                {t("registers.recordLeaving")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}
