import { Link } from "@remix-run/react";
import type { MemberView } from "~/domain/members";
import { useT } from "~/i18n/use-t";
import { MemberTable } from "./MemberTable";

/** A household's persons on its page (masked; those no longer members shown with their loss), and the way to add one. */
export function HouseholdMembers({
  villageCode,
  householdCode,
  persons,
  canAdd,
}: {
  villageCode: string;
  householdCode: string;
  persons: MemberView[];
  canAdd: boolean;
}) {
  const t = useT();
  const register = `/villages/${villageCode}/members?household=${encodeURIComponent(householdCode)}`;
  return (
    <section className="card" aria-labelledby="persons-h">
      <h2 id="persons-h">{t("members.inHousehold")}</h2>
      {persons.length === 0 ? (
        <p className="muted">{t("members.inHouseholdNone")}</p>
      ) : (
        <MemberTable
          villageCode={villageCode}
          rows={persons}
          label={t("members.inHousehold")}
          withHousehold={false}
          withLoss={persons.some((p) => p.lostOn)}
        />
      )}
      <p className="small no-print">
        {canAdd ? (
          <Link className="button secondary" to={`${register}#add-h`}>
            {t("members.addToHousehold")}
          </Link>
        ) : (
          <Link to={register}>{t("members.toRegister")}</Link>
        )}
      </p>
    </section>
  );
}
