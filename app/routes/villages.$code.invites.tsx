import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { InviteList } from "~/components/invites/InviteList";
import { GroupMaker, HouseholdMaker } from "~/components/invites/InviteMakers";
import { InviteSheet } from "~/components/invites/InviteSheet";
import { VillageNav } from "~/components/VillageNav";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { parseForm } from "~/domain/form";
import { INVITE_DAYS } from "~/domain/invite-code";
import { inviteActionSchema, invitesQuery } from "~/domain/invite-forms";
import { mayAct } from "~/domain/scope";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { listGroupsAndLeaders, listHouseholds } from "~/models/households.server";
import { createInvites, inviteStatusOf, listInvites, revokeInvite } from "~/models/member-invites.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { printableSlips } from "~/services/invite-slips.server";
import { passActionHeaders } from "~/utils/action-headers";
import { actorOf } from "~/utils/audit.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { parseQuery } from "~/utils/query.server";
import { clientIp } from "~/utils/request.server";
import registersCss from "~/styles/registers.css";
import invitesCss from "~/styles/invites.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: registersCss },
  { rel: "stylesheet", href: invitesCss },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.invites", undefined, data?.village.name) },
];

// the slips' answer must not be kept by any cache: it holds the only copy of the codes
export const headers = passActionHeaders;

const PAGE_SIZE = 50;
/** households to tick, a page at a time (a whole group is one click in the form above) */
const TICK_PAGE_SIZE = 25;

/** The village's slips with their states (its readers); for its secretary also the groups and households to make slips for. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const query = await parseQuery(request, invitesQuery);
  const db = await getDb();
  const canEdit = mayAct(user.grants, "secretary", [place]);
  const [village, invites, people, register] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    listInvites({ db, villageCode: place.code, state: query.state, page: query.page, pageSize: PAGE_SIZE }),
    canEdit ? listGroupsAndLeaders({ db, villageCode: place.code }) : null,
    canEdit ? listHouseholds({ db, villageCode: place.code, q: query.q, page: query.hpage, pageSize: TICK_PAGE_SIZE }) : null,
  ]);
  const status = await inviteStatusOf({ db, householdIds: register?.rows.map((h) => h.id) ?? [] });
  return {
    village: { code: village!.code, name: village!.name },
    canEdit,
    query: { state: query.state ?? null, q: query.q ?? "", hpage: query.hpage },
    invites: {
      ...invites,
      rows: invites.rows.map((r) => ({
        id: r.id,
        householdCode: r.householdCode,
        headName: r.headName,
        createdOn: chinaDate(r.createdAt),
        expiresOn: chinaDate(r.expiresAt),
        state: r.state,
        usedBy: r.usedBy,
      })),
    },
    groups: people?.groups ?? [],
    households: register
      ? {
          total: register.total,
          page: register.page,
          pageSize: register.pageSize,
          rows: register.rows.map((h) => {
            const s = status.get(h.id);
            return {
              id: h.id,
              code: h.code,
              headName: h.headName,
              groupName: h.groupName,
              accounts: s?.accounts ?? 0,
              openUntil: s?.openUntil ? chinaDate(s.openUntil) : null,
            };
          }),
        }
      : null,
  };
}

/**
 * intent=group or households: makes the slips and answers with them, codes and QR codes, once
 * (not cached; only the codes' hashes are kept). intent=revoke: revokes an open slip.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const submission = parseForm(await request.formData(), inviteActionSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const input = submission.value;
  const db = await getDb();
  const ip = clientIp(context);
  if (input.intent === "revoke") {
    const revoked = await revokeInvite({ db, villageCode: village.code, id: input.id, actor: actorOf(user), ip });
    if (!revoked.ok) return replyRefused(submission, revoked);
    return redirect(`/villages/${village.code}/invites?revoked=1`);
  }
  const target =
    input.intent === "group"
      ? { kind: "group" as const, groupId: input.groupId, skipJoined: input.skipJoined }
      : { kind: "households" as const, householdIds: input.householdIds };
  const made = await createInvites({ db, villageCode: village.code, target, actor: actorOf(user), ip });
  if (!made.ok) return replyRefused(submission, made);
  const identity = await getVillageIdentity({ db, code: village.code });
  const sheet = await printableSlips({ request, slips: made.slips });
  return data(
    { sheet: { villageName: identity!.name, ...sheet, revoked: made.revoked } },
    { headers: { "Cache-Control": "no-store, private" } },
  );
}

export default function InvitesPage() {
  const { village, canEdit, query, invites, groups, households } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const nav = useNavigation();
  const location = useLocation();
  const [params] = useSearchParams();
  const busy = nav.state !== "idle";
  const reply = answer && !("sheet" in answer) ? answer : null;
  const [revokeForm] = useFormReply({ id: "invite-revoke", intent: "revoke", lastResult: reply });

  if (answer && "sheet" in answer) {
    const { sheet } = answer;
    return <InviteSheet {...sheet} back={location.pathname + location.search} />;
  }
  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <header className="stack">
        <h1>{t("title.invites")}</h1>
        <p className="muted">{t("invites.intro", { days: INVITE_DAYS })}</p>
      </header>
      {params.get("revoked") ? <Toast>{t("invites.revoked")}</Toast> : null}
      {canEdit ? (
        <>
          <GroupMaker groups={groups} lastResult={reply} busy={busy} />
          {households ? <HouseholdMaker {...households} q={query.q} lastResult={reply} busy={busy} /> : null}
        </>
      ) : null}
      <FormErrorsAlert form={revokeForm} />
      <InviteList {...invites} state={query.state} canEdit={canEdit} busy={busy} />
    </div>
  );
}
