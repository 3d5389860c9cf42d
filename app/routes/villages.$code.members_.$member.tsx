import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { MemberDetails } from "~/components/members/MemberDetails";
import { MemberEditForm, MemberLossForm, MemberRestoreForm } from "~/components/members/MemberForms";
import { MemberHistory } from "~/components/members/MemberHistory";
import { answersIntent, useFormAnswer } from "~/components/registers/use-form-answer";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { VillageNav } from "~/components/VillageNav";
import { ageOn, changesOf, hasFullCapacityOn } from "~/domain/members";
import { mayAct } from "~/domain/scope";
import { date } from "~/i18n/format";
import { lossLabel } from "~/i18n/member-labels";
import { pageTitle } from "~/i18n/meta";
import { useLang, useT } from "~/i18n/use-t";
import { canKeepIdNumbers } from "~/models/member-identity.server";
import { memberHistory } from "~/models/members.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { memberFromUrl, saveMemberPage } from "~/services/member-page.server";
import registersCss from "~/styles/registers.css";
import { actorOf } from "~/utils/audit.server";
import { todayInChina } from "~/utils/today.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.member", undefined, data ? `${data.member.name} · ${data.village.name}` : undefined) },
];

/**
 * One person of the register: details (masked), history from the audit trail, and for the
 * village's secretary the edit form (the full ID number only there, when asked for), the loss
 * form and taking a loss back. The town and the county above read.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const db = await getDb();
  const member = await memberFromUrl(request, db, place.code, params.member);
  const [village, history] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    memberHistory({ db, villageCode: place.code, memberId: member.id }),
  ]);
  const canEdit = mayAct(user.grants, "secretary", [place]);
  const today = todayInChina();
  return {
    village: { code: village!.code, name: village!.name },
    // the phone as stored is the secretary's form's; everyone else reads its mask
    member: { ...member, phone: canEdit ? member.phone : null },
    age: ageOn(member.birthDate, today),
    fullCapacityToday: hasFullCapacityOn(member, today),
    history: history.map((h) => ({
      id: h.id,
      at: h.at,
      actorName: h.actorName,
      action: h.action,
      // a look at the full number changed nothing
      changes: h.action === "member.reveal_id" ? [] : changesOf(h.before, h.after),
    })),
    canEdit,
    canKeepIds: canKeepIdNumbers(),
    today,
  };
}

/** The secretary's forms: intent=update | loss | restore | reveal (services/member-page.server.ts). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const db = await getDb();
  const member = await memberFromUrl(request, db, village.code, params.member);
  return saveMemberPage({ formData: await request.formData(), db, member, actor: actorOf(user), today: todayInChina() });
}

const SAVED = { created: "members.created", updated: "members.saved", lost: "members.lostSaved", restored: "members.restored" } as const;

export default function MemberPage() {
  const { village, member: m, age, fullCapacityToday, history, canEdit, canKeepIds, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const revealedIdNumber = lastResult && "revealedIdNumber" in lastResult ? lastResult.revealedIdNumber : null;
  // a request no form sends (a bad intent) answers the whole page
  const [pageForm] = useFormReply({
    id: "member",
    lastResult: useFormAnswer(lastResult, (a) => !answersIntent("update", "loss", "restore", "reveal")(a)),
  });
  const base = `/villages/${village.code}`;
  const forms = { member: m, lastResult, today, busy };

  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={`${base}/members`}>← {t("members.back")}</Link> ·{" "}
        <Link to={`${base}/households/${encodeURIComponent(m.householdCode)}`}>
          {t("members.backHousehold", { code: m.householdCode })}
        </Link>
      </p>
      <header className="stack">
        <h1>
          {m.name}
          {m.isDemo ? <span className="badge badge-none">{t("members.demo")}</span> : null}
        </h1>
        {m.lostOn && m.lossReason ? (
          <p className="alert alert-warn">
            {t("members.lostOn", { date: date(m.lostOn, lang), reason: lossLabel(t, m.lossReason, m.lossNote) })}
          </p>
        ) : (
          <p className="muted">{t("members.current")}</p>
        )}
      </header>
      {saved && saved in SAVED && !lastResult ? <Toast>{t(SAVED[saved as keyof typeof SAVED])}</Toast> : null}
      <FormErrorsAlert form={pageForm} />

      <section className="card" aria-labelledby="facts-h">
        <h2 id="facts-h">{t("members.details")}</h2>
        <MemberDetails member={m} age={age} fullCapacityToday={fullCapacityToday} />
      </section>

      {canEdit ? (
        <>
          <section className="card" aria-labelledby="edit-h">
            <h2 id="edit-h">{t("members.edit")}</h2>
            <MemberEditForm
              key={revealedIdNumber ? "revealed" : "masked"}
              {...forms}
              canKeepIds={canKeepIds}
              revealedIdNumber={revealedIdNumber}
            />
          </section>
          <section className="card" aria-labelledby="loss-h">
            <h2 id="loss-h">{m.lostOn ? t("members.restore") : t("members.recordLoss")}</h2>
            {m.lostOn ? <MemberRestoreForm {...forms} /> : <MemberLossForm {...forms} />}
          </section>
        </>
      ) : (
        <p className="muted small">{t("members.readOnly")}</p>
      )}

      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">{t("members.history")}</h2>
        <MemberHistory items={history} />
        <p className="small muted">{t("members.disputes")}</p>
      </section>
    </div>
  );
}
