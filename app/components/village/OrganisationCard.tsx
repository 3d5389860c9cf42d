import { useT } from "~/i18n/use-t";
import { CooperativeEditor, type Cooperative } from "./CooperativeEditor";
import type { ProfileAnswers } from "./profile-replies";

type Organisation = { collective: { name: string } | null; cooperatives: Cooperative[] };

/** 组织方式: the collective and each cooperative's model; the secretary edits them and adds cooperatives. */
export function OrganisationCard({
  organisation,
  canEdit,
  answers,
  busy,
}: {
  organisation: Organisation;
  canEdit: boolean;
  answers: ProfileAnswers;
  busy: boolean;
}) {
  const t = useT();
  return (
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
          {canEdit ? <CooperativeEditor cooperative={c} lastResult={answers.ofCooperative(c.id)} busy={busy} /> : null}
        </div>
      ))}
      {canEdit ? <CooperativeEditor lastResult={answers.ofCooperative(null)} busy={busy} /> : null}
    </section>
  );
}
