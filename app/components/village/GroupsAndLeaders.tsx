import { Form, Link } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, SelectField, useFormReply } from "~/components/ui/forms";
import { useT } from "~/i18n/use-t";
import type { ProfileAnswers } from "./profile-replies";

type Group = { id: number; name: string; households: number };
type Leader = { id: number; name: string; groupId: number | null; households: number };

/** 村民组与联户长: the lists, and the secretary's forms to add to each. */
export function GroupsAndLeaders({
  code,
  groups,
  leaders,
  canEdit,
  answers,
  busy,
}: {
  code: string;
  groups: Group[];
  leaders: Leader[];
  canEdit: boolean;
  answers: ProfileAnswers;
  busy: boolean;
}) {
  const t = useT();
  return (
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
          {canEdit ? <GroupForm answers={answers} busy={busy} /> : null}
        </div>
        <div>
          <h3>{t("profile.leaders")}</h3>
          <ul>
            {leaders.map((l) => (
              <li key={l.id}>
                {/* to the household register filtered by this 联户长; the link says so to a screen reader */}
                <Link to={`/villages/${code}/households?leader=${l.id}`}>
                  {l.name}
                  <span className="sr-only">{t("profile.leaderHouseholds")}</span>
                </Link>
                {t("punct.paren", {
                  text: [groups.find((g) => g.id === l.groupId)?.name ?? "—", t("profile.looksAfter", { n: l.households })].join(
                    t("punct.comma"),
                  ),
                })}
              </li>
            ))}
          </ul>
          {canEdit ? <LeaderForm groups={groups} answers={answers} busy={busy} /> : null}
        </div>
      </div>
    </section>
  );
}

function GroupForm({ answers, busy }: { answers: ProfileAnswers; busy: boolean }) {
  const t = useT();
  const [form, fields] = useFormReply<{ name: string }>({ id: "group", lastResult: answers.of("group") });
  return (
    <Form method="post" {...formProps(form)}>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="group" />
      <div className="actions">
        <Field
          meta={fields.name}
          label={<span className="sr-only">{t("profile.newGroup")}</span>}
          maxLength={50}
          placeholder={t("profile.newGroup")}
        />
        <button type="submit" className="secondary" disabled={busy}>
          {t("profile.add")}
        </button>
      </div>
    </Form>
  );
}

function LeaderForm({ groups, answers, busy }: { groups: Group[]; answers: ProfileAnswers; busy: boolean }) {
  const t = useT();
  const [form, fields] = useFormReply<{ name: string; groupId: number }>({ id: "leader", lastResult: answers.of("leader") });
  return (
    <Form method="post" {...formProps(form)}>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="leader" />
      <div className="actions">
        <Field
          meta={fields.name}
          label={<span className="sr-only">{t("profile.newLeader")}</span>}
          maxLength={50}
          placeholder={t("profile.newLeader")}
        />
        <SelectField meta={fields.groupId} label={<span className="sr-only">{t("profile.groups")}</span>}>
          <option value="">—</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="secondary" disabled={busy}>
          {t("profile.add")}
        </button>
      </div>
    </Form>
  );
}
