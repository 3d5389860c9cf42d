import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { VillageIndustries } from "~/components/VillageIndustries";
import { StatusBadge, VillageNav } from "~/components/VillageNav";
import {
  CooperativeSchema,
  formErrors,
  IndustrySchema,
  IndustryYearSchema,
  NameSchema,
  PARTNER_LABELS,
  PARTNER_ROLES,
  SummarySchema,
} from "~/domain/profile-form";
import { mayAct } from "~/domain/scope";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { useLang, useT } from "~/i18n/use-t";
import { listGroupsAndLeaders } from "~/models/households.server";
import {
  addGroup,
  addLeader,
  listIndustryCatalogue,
  listIndustryYears,
  saveCooperative,
  saveIndustry,
  saveIndustryYear,
  updateSummary,
  type ProfileResult,
} from "~/models/profile.server";
import { getVillageIdentity, getVillageOrganisation, listVillageIndustries } from "~/models/villages.server";
import { listYears } from "~/models/village-years.server";
import { requireVillageAccess } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { cachedFigures } from "~/utils/figures-cache.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";
import { Toast } from "~/components/ui/Toast";
import { errorAria, FieldError, TextField } from "~/components/ui/Field";
import { money } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.workspace", undefined, data?.village.name) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const db = await getDb();
  const code = place.code;
  // the same for everyone who may read it, and changed rarely: kept under the figures version,
  // which every table read here moves (migrations 0005 and 0009)
  const workspace = await cachedFigures(db, JSON.stringify(["village-workspace", code]), async () => {
    const [village, organisation, industries, industryYears, catalogue, people, years] = await Promise.all([
      getVillageIdentity({ db, code }),
      getVillageOrganisation({ db, code }),
      listVillageIndustries({ db, code }),
      listIndustryYears({ db, villageCode: code }),
      listIndustryCatalogue({ db }),
      listGroupsAndLeaders({ db, villageCode: code }),
      listYears({ db, villageCode: code }),
    ]);
    return { village: village!, organisation, industries, industryYears, catalogue, groups: people.groups, leaders: people.leaders, years };
  }, request);
  return { ...workspace, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/** `target`: the cooperative the refused form was editing ("" for a new one), so only its form shows the errors */
type ActionData = { intent: string; errors: Record<string, Message>; target?: string };

/** The partner rows come as parallel lists (role[], label[], partnerName[]); blank rows are dropped. */
function partnersFrom(form: FormData) {
  const roles = form.getAll("role").map(String);
  const labels = form.getAll("label").map(String);
  const names = form.getAll("partnerName").map(String);
  return roles
    .map((role, i) => ({ role, label: labels[i] ?? "", name: names[i] ?? "" }))
    .filter((p) => p.role !== "")
    .map((p) => ({ ...p, label: p.label || PARTNER_LABELS[p.role as keyof typeof PARTNER_LABELS]?.[0] || "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const db = await getDb();
  const actor = actorOf(user);
  const villageCode = village.code;
  const bad = (errors: ActionData["errors"]) => data<ActionData>({ intent, errors, target: fields.id ?? "" }, { status: 400 });

  let result: ProfileResult;
  switch (intent) {
    case "summary": {
      const p = SummarySchema.safeParse(fields);
      if (!p.success) return bad(formErrors(p.error));
      result = await updateSummary({ db, villageCode, summary: p.data.summary, actor });
      break;
    }
    case "industry": {
      const p = IndustrySchema.safeParse(fields);
      if (!p.success) return bad(formErrors(p.error));
      result = await saveIndustry({ db, villageCode, input: p.data, actor });
      break;
    }
    case "industryYear": {
      const p = IndustryYearSchema.safeParse(fields);
      if (!p.success) return bad(formErrors(p.error));
      result = await saveIndustryYear({ db, villageCode, input: p.data, actor });
      break;
    }
    case "cooperative": {
      const p = CooperativeSchema.safeParse({ id: fields.id || null, name: fields.name, registrationNo: fields.registrationNo ?? "", partners: partnersFrom(form) });
      if (!p.success) return bad(formErrors(p.error));
      result = await saveCooperative({ db, villageCode, input: p.data, actor });
      break;
    }
    case "group":
    case "leader": {
      const p = NameSchema.safeParse(fields);
      if (!p.success) return bad(formErrors(p.error));
      const groupId = fields.groupId ? Number(fields.groupId) : null;
      if (groupId !== null && !Number.isSafeInteger(groupId)) return bad({ groupId: { zh: "村民组不正确", en: "Invalid group" } });
      result =
        intent === "group"
          ? await addGroup({ db, villageCode, name: p.data.name, actor })
          : await addLeader({ db, villageCode, name: p.data.name, groupId, actor });
      break;
    }
    default:
      return bad({ _: { zh: "请求无效", en: "Invalid request" } });
  }
  if (!result.ok) return data<ActionData>({ intent, errors: { _: messageOfRefusal(result) } }, { status: statusOfRefusal(result.code) });
  return redirect(`/villages/${villageCode}?saved=${intent}`);
}

export default function VillageWorkspace() {
  const { village, organisation, industries, industryYears, catalogue, groups, leaders, years, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  const coopErrors = (id: number | null) => (actionData?.target === (id === null ? "" : String(id)) ? errorsFor("cooperative") : undefined);
  const summaryErrors = errorsFor("summary");
  const industryErrors = errorsFor("industry");
  const yearErrors = errorsFor("industryYear");
  const groupErrors = errorsFor("group");
  const leaderErrors = errorsFor("leader");
  const latestYear = years[0]?.year;

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
      {params.get("saved") && !actionData ? (
        <Toast>{t("income.saved")}</Toast>
      ) : null}
      {actionData?.errors._ ? (
        <p className="alert alert-error" role="alert">
          {pick(lang, actionData.errors._)}
        </p>
      ) : null}

      <div className="grid-2">
        <section className="card" aria-labelledby="summary-h">
          <h2 id="summary-h">{t("profile.summary")}</h2>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="summary" />
              <label className="sr-only" htmlFor="summary">
                {t("profile.summary")}
              </label>
              <textarea id="summary" name="summary" rows={5} defaultValue={village.summary ?? ""} maxLength={2000} className="wide" {...errorAria("summary", summaryErrors?.summary)} />
              <FieldError fieldId="summary" error={summaryErrors?.summary} />
              <div className="actions">
                <button type="submit" className="secondary" disabled={busy}>
                  {t("income.save")}
                </button>
              </div>
            </Form>
          ) : (
            <p>{village.summary}</p>
          )}
        </section>

        <section className="card" aria-labelledby="years-h">
          <h2 id="years-h">{t("income.years")}</h2>
          {years.length === 0 ? (
            <p className="muted">{t("village.noIncomeYears")}</p>
          ) : (
            <div {...scrollRegion(t, t("income.years"))}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("village.year")}</th>
                    <th scope="col" className="num">{t("income.netOperatingIncome")}</th>
                    <th scope="col">{t("profile.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {years.map((y) => (
                    <tr key={y.year}>
                      <th scope="row">
                        <a href={`/villages/${village.code}/income/${y.year}`}>{y.year}</a>
                      </th>
                      <td className="num">{money(y.netOperatingIncomeFen, lang)}</td>
                      <td>
                        <StatusBadge status={y.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="org-h">
        <h2 id="org-h">{t("village.model")}</h2>
        {organisation.collective ? (
          <p>
            {t("profile.collective")}
            {t("punct.colon")}
            {organisation.collective.name}
          </p>
        ) : null}
        {organisation.cooperatives.length === 0 ? <p className="muted">{t("village.modelUnknown")}</p> : null}
        {organisation.cooperatives.map((c) => (
          <div key={c.id} className="stack">
            <p className="model">{c.model}</p>
            <p className="small muted">
              {c.name}
              {c.partners.some((p) => p.name)
                ? " — " +
                  c.partners
                    .filter((p) => p.name)
                    .map((p) => `${p.label}${t("punct.colon")}${p.name}`)
                    .join(t("punct.listSep"))
                : ""}
            </p>
            {canEdit ? <CooperativeEditor cooperative={c} errors={coopErrors(c.id)} /> : null}
          </div>
        ))}
        {canEdit ? <CooperativeEditor errors={coopErrors(null)} /> : null}
      </section>

      <section className="card" aria-labelledby="ind-h">
        <h2 id="ind-h">{t("village.industries")}</h2>
        <VillageIndustries
          industries={industries}
          extra={{
            heading: t("profile.yearFigures"),
            cell: (i) =>
              industryYears
                .filter((y) => y.villageIndustryId === i.id)
                .map((y) => `${y.year}: ${[y.outputQuantity ? `${y.outputQuantity}${y.outputUnit ?? ""}` : null, y.revenueFen != null ? money(y.revenueFen, lang) : null, y.visitors != null ? `${y.visitors}${t("profile.visitorsUnit")}` : null].filter(Boolean).join(" · ")}`)
                .join(t("punct.listSep")) || "—",
          }}
        />
        {canEdit ? (
          <div className="grid-2">
            <Form method="post" className="stack" aria-label={t("profile.industryForm")}>
              <h3>{t("profile.industryForm")}</h3>
              <input type="hidden" name="intent" value="industry" />
              <div className="field">
                <label htmlFor="industryId">{t("village.industry")}</label>
                <select id="industryId" name="industryId" required {...errorAria("industryId", industryErrors?.industryId)}>
                  {catalogue.map((c) => (
                    <option key={c.id} value={c.id}>
                      {lang === "en" ? c.nameEn : c.nameZh}
                    </option>
                  ))}
                </select>
                <FieldError fieldId="industryId" error={industryErrors?.industryId} />
              </div>
              <TextField id="description" name="description" label={t("profile.description")} maxLength={500} error={industryErrors?.description} />
              <TextField id="scaleQuantity" name="scaleQuantity" label={t("village.scale")} inputMode="decimal" error={industryErrors?.scaleQuantity} />
              <TextField id="scaleUnit" name="scaleUnit" label={t("profile.unit")} maxLength={10} placeholder={t("form.unitPlaceholder")} error={industryErrors?.scaleUnit} />
              <TextField id="drivenAreaMu" name="drivenAreaMu" label={t("profile.drivenAreaMu")} inputMode="decimal" error={industryErrors?.drivenAreaMu} />
              <TextField id="householdsDriven" name="householdsDriven" label={t("village.householdsDriven")} inputMode="numeric" error={industryErrors?.householdsDriven} />
              <button type="submit" className="secondary" disabled={busy}>
                {t("income.save")}
              </button>
            </Form>
            <Form method="post" className="stack" aria-label={t("profile.yearFigures")}>
              <h3>{t("profile.yearFigures")}</h3>
              <input type="hidden" name="intent" value="industryYear" />
              <div className="field">
                <label htmlFor="villageIndustryId">{t("village.industry")}</label>
                <select id="villageIndustryId" name="villageIndustryId" required {...errorAria("villageIndustryId", yearErrors?.villageIndustryId)}>
                  {industries.map((i) => (
                    <option key={i.id} value={i.id}>
                      {lang === "en" ? i.nameEn : i.nameZh}
                    </option>
                  ))}
                </select>
                <FieldError fieldId="villageIndustryId" error={yearErrors?.villageIndustryId} />
              </div>
              <TextField id="iy-year" name="year" label={t("village.year")} inputMode="numeric" defaultValue={latestYear ?? ""} required error={yearErrors?.year} />
              <TextField id="outputQuantity" name="outputQuantity" label={t("profile.output")} inputMode="decimal" error={yearErrors?.outputQuantity} />
              <TextField id="outputUnit" name="outputUnit" label={t("profile.unit")} maxLength={10} error={yearErrors?.outputUnit} />
              <TextField id="revenue" name="revenue" label={t("profile.revenue")} inputMode="decimal" error={yearErrors?.revenue} />
              <TextField id="visitors" name="visitors" label={t("profile.visitors")} inputMode="numeric" error={yearErrors?.visitors} />
              <button type="submit" className="secondary" disabled={busy || industries.length === 0}>
                {t("income.save")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="people-h">
        <h2 id="people-h">{t("profile.groupsAndLeaders")}</h2>
        <div className="grid-2">
          <div>
            <h3>{t("profile.groups")}</h3>
            <ul>
              {groups.map((g) => (
                <li key={g.id}>
                  {g.name}
                  {t("punct.paren", { text: `${g.households} ${t("village.households")}` })}
                </li>
              ))}
            </ul>
            {canEdit ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="group" />
                <label className="sr-only" htmlFor="group-name">
                  {t("profile.newGroup")}
                </label>
                <input id="group-name" name="name" type="text" maxLength={50} placeholder={t("profile.newGroup")} {...errorAria("group-name", groupErrors?.name)} />
                <button type="submit" className="secondary" disabled={busy}>
                  {t("profile.add")}
                </button>
                <FieldError fieldId="group-name" error={groupErrors?.name} />
              </Form>
            ) : null}
          </div>
          <div>
            <h3>{t("profile.leaders")}</h3>
            <ul>
              {leaders.map((l) => (
                <li key={l.id}>
                  {/* to the household register filtered by this 联户长; the link says so to a screen reader */}
                  <Link to={`/villages/${village.code}/households?leader=${l.id}`}>
                    {l.name}
                    <span className="sr-only">{t("profile.leaderHouseholds")}</span>
                  </Link>
                  {t("punct.paren", { text: [groups.find((g) => g.id === l.groupId)?.name ?? "—", t("profile.looksAfter", { n: l.households })].join(t("punct.comma")) })}
                </li>
              ))}
            </ul>
            {canEdit ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="leader" />
                <label className="sr-only" htmlFor="leader-name">
                  {t("profile.newLeader")}
                </label>
                <input id="leader-name" name="name" type="text" maxLength={50} placeholder={t("profile.newLeader")} {...errorAria("leader-name", leaderErrors?.name)} />
                <label className="sr-only" htmlFor="leader-group">
                  {t("profile.groups")}
                </label>
                <select id="leader-group" name="groupId" {...errorAria("leader-group", leaderErrors?.groupId)}>
                  <option value="">—</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="secondary" disabled={busy}>
                  {t("profile.add")}
                </button>
                <FieldError fieldId="leader-name" error={leaderErrors?.name} />
                <FieldError fieldId="leader-group" error={leaderErrors?.groupId} />
              </Form>
            ) : null}
          </div>
        </div>
      </section>
    </>
  );
}

/** partner rows come back as `partners.<i>.<field>`: all of them are shown under the rows */
function partnerErrors(errors: ActionData["errors"] | undefined) {
  return Object.entries(errors ?? {}).filter(([k]) => k === "partners" || k.startsWith("partners."));
}

function CooperativeEditor({
  cooperative,
  errors,
}: {
  cooperative?: { id: number; name: string; partners: { role: string; label: string; name: string | null }[] };
  errors?: ActionData["errors"];
}) {
  const t = useT();
  const rows = [...(cooperative?.partners ?? []), ...Array.from({ length: 2 }, () => ({ role: "", label: "", name: null }))];
  const idp = cooperative ? `coop-${cooperative.id}` : "coop-new";
  const partners = partnerErrors(errors);
  // the first partner message stands for the rows (a form may break several rows the same way)
  const partnersError = partners[0]?.[1];
  return (
    <details open={errors ? true : undefined}>
      <summary>{cooperative ? t("profile.editModel") : t("profile.addCooperative")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="cooperative" />
        <input type="hidden" name="id" value={cooperative?.id ?? ""} />
        <TextField id={`${idp}-name`} name="name" label={t("profile.cooperativeName")} defaultValue={cooperative?.name ?? ""} maxLength={100} required error={errors?.name} />
        <input type="hidden" name="registrationNo" value="" />
        <fieldset className="stack" aria-describedby={partnersError ? `${idp}-partners-error` : undefined}>
          <legend className="small muted">{t("profile.partnersHelp")}</legend>
          {rows.map((p, i) => (
            <div key={i} className="actions">
              <label className="sr-only" htmlFor={`${idp}-role-${i}`}>{`${i + 1} ${t("profile.role")}`}</label>
              <select id={`${idp}-role-${i}`} name="role" defaultValue={p.role}>
                <option value="">—</option>
                {PARTNER_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`partner.${r}`)}
                  </option>
                ))}
              </select>
              <label className="sr-only" htmlFor={`${idp}-label-${i}`}>{`${i + 1} ${t("profile.label")}`}</label>
              <input id={`${idp}-label-${i}`} name="label" type="text" defaultValue={p.label} maxLength={20} placeholder={t("profile.label")} />
              <label className="sr-only" htmlFor={`${idp}-pname-${i}`}>{`${i + 1} ${t("profile.partnerName")}`}</label>
              <input id={`${idp}-pname-${i}`} name="partnerName" type="text" defaultValue={p.name ?? ""} maxLength={100} placeholder={t("profile.partnerName")} />
            </div>
          ))}
          <FieldError fieldId={`${idp}-partners`} error={partnersError} />
        </fieldset>
        <button type="submit" className="secondary">
          {t("income.save")}
        </button>
      </Form>
    </details>
  );
}
