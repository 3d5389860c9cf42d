/** The household's persons on today's register, one line each (a list, not a table: nothing scrolls sideways on a phone). */
import { useLang, useT } from "~/i18n/use-t";
import { date } from "~/i18n/format";
import type { Relation, Sex } from "~/domain/members";

export type PersonLine = {
  id: number;
  name: string;
  relation: Relation;
  sex: Sex;
  birthYear: number;
  age: number;
  /** masked (5203**********1234) or null */
  idNumber: string | null;
};

export function PersonsCard({ persons, on }: { persons: readonly PersonLine[]; on: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card stack" aria-labelledby="persons-h">
      <h2 id="persons-h">{t("me.persons")}</h2>
      <p className="small muted">{t("me.personsOn", { date: date(on, lang) })}</p>
      {persons.length === 0 ? (
        <p className="muted">{t("me.noPersons")}</p>
      ) : (
        <ul className="me-persons" data-testid="persons">
          {persons.map((p) => (
            <li key={p.id}>
              <p className="me-person-name">
                <strong>{p.name}</strong> <span className="chip">{t(`me.relation.${p.relation}`)}</span>
              </p>
              <dl className="me-facts">
                <div>
                  <dt>{t("me.sex")}</dt>
                  <dd>{t(`me.sex.${p.sex}`)}</dd>
                </div>
                <div>
                  <dt>{t("me.age")}</dt>
                  <dd>{t("me.ageYears", { age: p.age, year: p.birthYear })}</dd>
                </div>
                <div className="me-wide">
                  <dt>{t("me.idNumber")}</dt>
                  <dd className="me-id">{p.idNumber ?? t("me.noIdNumber")}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
