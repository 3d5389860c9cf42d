import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb, type Db } from "@db/client.server";
import { FieldError, HouseholdFields, flagLabel, type FieldErrorMap } from "~/components/registers/HouseholdFields";
import { VillageNav } from "~/components/VillageNav";
import { householdFormSchema, leavingFormSchema, zodFieldErrors } from "~/domain/household";
import { mayAct } from "~/domain/scope";
import { formatShares, sharesFromNumeric } from "~/domain/shares";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { useLang, useT } from "~/i18n/use-t";
import { getHousehold, listGroupsAndLeaders, recordLeaving, updateHousehold } from "~/models/households.server";
import { householdIdsByCode } from "~/models/share-register.server";
import { holdingsOf, listShareClasses } from "~/models/shares.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { getLang } from "~/utils/lang.server";
import { todayInChina } from "~/utils/today.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";
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
  if (value && /^[\p{L}\p{N}_-]{1,20}$/u.test(value)) return value;
  const lang = await getLang(request);
  throw new Response(lang === "en" ? "Invalid household number" : "户号无效", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
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
  throw new Response(lang === "en" ? "No such household in this village" : "本村没有该户", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const db = await getDb();
  const household = await findHousehold(request, db, place.code, params.household);
  const id = household.id;
  const today = todayInChina();
  const [village, people, classes, held] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listGroupsAndLeaders({ db, villageCode: place.code }),
    listShareClasses({ db, villageCode: place.code }),
    // every entry, so shares dated after today (none should be) would still show
    holdingsOf({ db, villageCode: place.code, householdIds: [id], date: "9999-12-31" }),
  ]);
  const holdings = [...(held.get(id) ?? new Map<number, string>())].map(([classId, q]) => ({
    className: classes.find((c) => c.id === classId)?.name ?? String(classId),
    shares: formatShares(sharesFromNumeric(q)),
  }));
  return {
    village: { code: village!.code, name: village!.name },
    household: { ...household, isDemo: undefined },
    holdings,
    groups: people.groups.map(({ id, name }) => ({ id, name })),
    leaders: people.leaders.map(({ id, name, groupId }) => ({ id, name, groupId })),
    canEdit: mayAct(user.grants, "secretary", [place]),
    today,
  };
}

type ActionData = { intent: string; errors: FieldErrorMap; values?: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values: Record<string, string | string[]> = {
    ...Object.fromEntries([...form.entries()].filter(([k]) => k !== "flags").map(([k, v]) => [k, String(v)])),
    flags: form.getAll("flags").map(String),
  };
  const db = await getDb();
  const household = await findHousehold(request, db, village.code, params.household);
  const id = household.id;
  const today = todayInChina();
  const actor = actorOf(user);
  const bad = (errors: FieldErrorMap, status = 400) => data<ActionData>({ intent, errors, values }, { status });

  if (intent === "update") {
    const parsed = householdFormSchema({ today }).omit({ code: true }).safeParse(values);
    if (!parsed.success) return bad(zodFieldErrors(parsed.error).fieldErrors);
    const result = await updateHousehold({ db, villageCode: village.code, id, input: parsed.data, actor });
    if (!result.ok) return bad({ _form: messageOfRefusal(result) }, statusOfRefusal(result.code));
    return redirect(`/villages/${village.code}/households/${encodeURIComponent(household.code)}?saved=updated`);
  }
  if (intent === "leave") {
    const parsed = leavingFormSchema({ today, joinedOn: household.joinedOn }).safeParse(values);
    if (!parsed.success) return bad(zodFieldErrors(parsed.error).fieldErrors);
    const result = await recordLeaving({ db, villageCode: village.code, id, leftOn: parsed.data.leftOn, reason: parsed.data.leftReason, actor });
    if (!result.ok) return bad({ _form: messageOfRefusal(result) }, statusOfRefusal(result.code));
    return redirect(`/villages/${village.code}/households/${encodeURIComponent(household.code)}?saved=left`);
  }
  return bad({ _form: { zh: "请求无效", en: "Invalid request" } });
}

export default function HouseholdPage() {
  const { village, household: h, holdings, groups, leaders, canEdit, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : {});
  const posted = actionData?.intent === "update" ? actionData.values : undefined;
  const leaveErrors = errorsFor("leave");

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
      {saved && !actionData ? (
        <Toast>{t(saved === "created" ? "registers.created" : saved === "left" ? "registers.leftSaved" : "registers.saved")}</Toast>
      ) : null}
      {actionData?.errors._form && actionData.intent !== "update" && actionData.intent !== "leave" ? <FormAlert error={actionData.errors._form} /> : null}

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

      {canEdit && !h.leftOn ? (
        <>
          <section className="card" aria-labelledby="edit-h">
            <h2 id="edit-h">{t("registers.edit")}</h2>
            {errorsFor("update")._form ? <FormAlert error={errorsFor("update")._form!} /> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="update" />
              <HouseholdFields
                key={posted ? JSON.stringify(posted) : "saved"}
                idPrefix="edit"
                groups={groups}
                leaders={leaders}
                withCode={false}
                today={today}
                errors={errorsFor("update")}
                values={
                  posted
                    ? {
                        headName: String(posted.headName ?? ""),
                        groupId: posted.groupId ? Number(posted.groupId) : null,
                        leaderId: posted.leaderId ? Number(posted.leaderId) : null,
                        members: String(posted.members ?? ""),
                        flags: Array.isArray(posted.flags) ? posted.flags : [],
                        joinedOn: String(posted.joinedOn ?? ""),
                        phone: String(posted.phone ?? ""),
                      }
                    : h
                }
              />
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
            {leaveErrors._form ? <FormAlert error={leaveErrors._form} /> : null}
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="intent" value="leave" />
              <div className="field">
                <label htmlFor="leftOn">{t("registers.leftOn")}</label>
                <input
                  id="leftOn"
                  name="leftOn"
                  type="date"
                  min={h.joinedOn}
                  max={today}
                  required
                  defaultValue={String(actionData?.intent === "leave" ? (actionData.values?.leftOn ?? today) : today)}
                  aria-invalid={leaveErrors.leftOn ? true : undefined}
                  aria-describedby={leaveErrors.leftOn ? "leftOn-error" : undefined}
                />
                <FieldError id="leftOn" error={leaveErrors.leftOn} />
              </div>
              <div className="field">
                <label htmlFor="leftReason">{t("registers.leftReason")}</label>
                <input
                  id="leftReason"
                  name="leftReason"
                  type="text"
                  maxLength={200}
                  required
                  defaultValue={String(actionData?.intent === "leave" ? (actionData.values?.leftReason ?? "") : "")}
                  aria-invalid={leaveErrors.leftReason ? true : undefined}
                  aria-describedby={leaveErrors.leftReason ? "leftReason-error" : undefined}
                />
                <FieldError id="leftReason" error={leaveErrors.leftReason} />
              </div>
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

/** A refusal of the whole form, shown beside it (not at the top of a long page) and read out. */
function FormAlert({ error }: { error: Message }) {
  const lang = useLang();
  return (
    <p className="alert alert-error" role="alert">
      {pick(lang, error)}
    </p>
  );
}
