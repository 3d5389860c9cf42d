import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { DividendCard } from "~/components/me/DividendCard";
import { NoticeObjections } from "~/components/me/NoticeObjections";
import { PersonsCard } from "~/components/me/PersonsCard";
import { ShareHistory } from "~/components/me/ShareHistory";
import { EmptyState } from "~/components/ui/EmptyState";
import { Toast } from "~/components/ui/Toast";
import { chinaDate } from "~/domain/distribution-lifecycle";
import { id } from "~/domain/input";
import { parseMemberObjection } from "~/domain/member-objection";
import { date } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { raiseObjectionOnline } from "~/models/distribution-notice.server";
import { getMemberView, memberNotices } from "~/models/distribution-views.server";
import { householdPersons } from "~/models/member-household.server";
import { notFound, requireUser, type AuthUser } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { getLang } from "~/utils/lang.server";
import { parseQuery } from "~/utils/query.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.me") }];

/**
 * ?household=<id>: which of the member's households (another one's id shows the first);
 * ?welcome=1: the account was just opened with an invitation slip (/join), so its username is shown.
 * The page reads ?done= itself.
 */
const MeQuery = z.object({ household: id().optional(), welcome: z.literal("1").optional().catch(undefined) });

const ownHouseholds = (user: AuthUser) =>
  user.grants.filter((g) => g.role === "member" && g.householdId != null).map((g) => g.householdId!);

/**
 * A member household's own page, phone first: its persons on today's register (ID numbers
 * masked), its shares over time, each year's part explained in plain words with where and when
 * to collect it, and the plans on public notice with an objection form.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "member" });
  const own = ownHouseholds(user);
  const { household: asked, welcome } = await parseQuery(request, MeQuery);
  // only a household of this user's own grants, whatever the URL says
  const householdId = asked !== undefined && own.includes(asked) ? asked : own[0]!;
  const villageCode = user.grants.find((g) => g.role === "member" && g.householdId === householdId)!.householdVillageCode;
  const db = await getDb();
  const today = chinaDate(now());
  // all at once: the page waits for the slowest, not for their sum
  const [view, persons, notices] = await Promise.all([
    getMemberView({ db, householdId, lang: await getLang(request) }),
    householdPersons({ db, householdId, on: today }),
    villageCode ? memberNotices({ db, householdId, villageCode, today }) : [],
  ]);
  if (!view) throw await notFound(request);
  return {
    ...view,
    persons,
    notices,
    today,
    others: own.filter((id) => id !== householdId),
    welcome: welcome ? user.username : null,
  };
}

/** 对分配方案提出异议: for one of the member's own households, to a plan of its village on notice. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "member" });
  const submission = parseMemberObjection(await request.formData());
  if (submission.status !== "success") return replyInvalid(submission);
  const { householdId, runId, content } = submission.value;
  const result = await raiseObjectionOnline({
    db: await getDb(),
    actor: actorOf(user),
    grants: user.grants,
    raisedBy: user.displayName,
    householdId,
    runId,
    content,
    today: chinaDate(now()),
  });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/me?household=${householdId}&done=objection#notice-${runId}`);
}

export default function MePage() {
  const { household, persons, shares, dividends, notices, today, others, welcome } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  return (
    <div className="stack me-page">
      {welcome ? (
        <p className="alert alert-ok" role="status">
          {t("join.welcome", { username: welcome })}
        </p>
      ) : null}
      {params.get("done") === "objection" && !lastResult ? <Toast>{t("me.done.objection")}</Toast> : null}
      <header>
        <p className="eyebrow">{t("me.eyebrow")}</p>
        <h1>{t("me.title", { name: household.headName })}</h1>
        <p className="muted">
          {household.code} · {household.groupName ?? ""} · {t("me.members", { n: household.members })} ·{" "}
          {t("me.joined", { date: date(household.joinedOn, lang) })}
          {household.leftOn ? ` · ${t("me.left", { date: date(household.leftOn, lang) })}` : ""}
        </p>
        {others.length ? (
          <p className="small">
            {others.map((id) => (
              <Link key={id} to={`?household=${id}`}>
                {t("me.otherHousehold", { id })}
              </Link>
            ))}
          </p>
        ) : null}
      </header>

      <NoticeObjections notices={notices} householdId={household.id} lastResult={lastResult} />

      <section aria-labelledby="div-h" className="stack">
        <h2 id="div-h">{t("me.dividends")}</h2>
        {dividends.length === 0 ? <EmptyState title={t("empty.dividends.title")}>{t("empty.dividends.body")}</EmptyState> : null}
        {dividends.map((d) => (
          <DividendCard key={d.runId} d={d} />
        ))}
      </section>

      <ShareHistory shares={shares} />
      <PersonsCard persons={persons} on={today} />
    </div>
  );
}
