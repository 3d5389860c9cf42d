import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useMemo, useState } from "react";
import { getDb } from "@db/client.server";
import { VillageNav } from "~/components/VillageNav";
import { FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { GroupsAndLeaders } from "~/components/village/GroupsAndLeaders";
import { IndustriesCard } from "~/components/village/IndustriesCard";
import { OrganisationCard } from "~/components/village/OrganisationCard";
import { useProfileAnswers } from "~/components/village/profile-replies";
import { IncomeYearsCard, SummaryCard } from "~/components/village/SummaryCard";
import { parseForm } from "~/domain/form";
import { profileFormSchema } from "~/domain/profile-form";
import { mayAct } from "~/domain/scope";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { getVillageProfile, saveProfile } from "~/models/profile.server";
import { requireVillageAccess } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { cachedFigures } from "~/utils/figures-cache.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { todayInChina } from "~/utils/today.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.workspace", undefined, data?.village.name) },
];

/** 村情概况: the village's workspace home. It reads no query parameter (`?saved=` only shows the page's toast). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const db = await getDb();
  const code = place.code;
  // the same for everyone who may read it, and changed rarely: kept under the figures version,
  // which every table read here moves (migrations 0005 and 0009)
  const profile = await cachedFigures(db, JSON.stringify(["village-workspace", code]), () => getVillageProfile({ db, code }), request);
  if (!profile) throw new Response("Not found", { status: 404 });
  return { ...profile, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/** Each form posts its intent: summary, industry, industryYear, cooperative, group or leader. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const thisYear = Number(todayInChina().slice(0, 4));
  const submission = parseForm(await request.formData(), profileFormSchema({ thisYear }));
  if (submission.status !== "success") return replyInvalid(submission);
  const result = await saveProfile({ db: await getDb(), villageCode: village.code, input: submission.value, actor: actorOf(user) });
  if (!result.ok) return replyRefused(submission, result);
  return redirect(`/villages/${village.code}?saved=${submission.value.intent}`);
}

export default function VillageWorkspace() {
  const { village, organisation, industries, industryYears, catalogue, groups, leaders, years, canEdit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const latestYear = years[0]?.year;
  const cooperativeIds = useMemo(() => organisation.cooperatives.map((c) => c.id), [organisation.cooperatives]);
  const answers = useProfileAnswers(lastResult, cooperativeIds);
  // an answer none of the forms sent (a bad intent, a cooperative not on the page) answers the whole page
  const [pageForm] = useFormReply({ id: "profile", lastResult: answers.stray });
  const forms = { canEdit, answers, busy };
  // A save ends in a redirect, a new location without an answer: then the forms start afresh (no
  // form keeps the messages or values of an earlier refused submit). A refused submit, or a
  // field checked again as it is typed, answers in place and keeps them mounted.
  const { key } = useLocation();
  const [visit, setVisit] = useState(key);
  if (!lastResult && visit !== key) setVisit(key);

  return (
    <>
      <VillageNav code={village.code} name={village.name} year={latestYear} />
      <header className="stack">
        <h1>{village.name}</h1>
        <p className="muted">
          {village.provinceName} · {village.cityName} · {village.countyName} · {village.townName}
          {t("punct.paren", { text: village.code })}
        </p>
      </header>
      {params.get("saved") && !lastResult ? <Toast>{t("income.saved")}</Toast> : null}
      <FormErrorsAlert form={pageForm} />

      <div className="grid-2">
        <SummaryCard key={visit} summary={village.summary} {...forms} />
        <IncomeYearsCard code={village.code} years={years} />
      </div>
      <OrganisationCard key={`org-${visit}`} organisation={organisation} {...forms} />
      <IndustriesCard
        key={`ind-${visit}`}
        industries={industries}
        industryYears={industryYears}
        catalogue={catalogue}
        latestYear={latestYear}
        {...forms}
      />
      <GroupsAndLeaders key={`people-${visit}`} code={village.code} groups={groups} leaders={leaders} {...forms} />
    </>
  );
}
