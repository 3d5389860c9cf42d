import { Form } from "@remix-run/react";
import type { FormReply } from "~/domain/form";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { CheckboxField, ErrorList, FormErrorsAlert, SelectField, formProps, useFormReply } from "~/components/ui/forms";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { scrollRegion } from "~/components/ui/scroll-region";

export type TickRow = {
  id: number;
  code: string;
  headName: string;
  groupName: string | null;
  accounts: number;
  openUntil: string | null;
};

/** Slips for a villager group's current households (perhaps only those without an account yet). */
export function GroupMaker({
  groups,
  lastResult,
  busy,
}: {
  groups: readonly { id: number; name: string; households: number }[];
  lastResult: FormReply | null | undefined;
  busy: boolean;
}) {
  const t = useT();
  const [form, fields] = useFormReply<{ intent: "group"; groupId: string; skipJoined: string }>({
    id: "invite-group",
    intent: "group",
    lastResult,
    defaultValue: { skipJoined: "on" },
  });
  return (
    <section className="card stack" aria-labelledby="by-group-h">
      <h2 id="by-group-h">{t("invites.byGroup")}</h2>
      <Form method="post" {...formProps(form)}>
        <input type="hidden" name="intent" value="group" />
        <FormErrorsAlert form={form} />
        <SelectField meta={fields.groupId} label={t("invites.group")}>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {t("invites.groupOption", { name: g.name, n: g.households })}
            </option>
          ))}
        </SelectField>
        <CheckboxField meta={fields.skipJoined} label={t("invites.skipJoined")} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || groups.length === 0}>
            {t("invites.makeGroup")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** Slips for the households ticked on this page of the register (found with its search, paged). */
export function HouseholdMaker({
  rows,
  q,
  page,
  total,
  pageSize,
  lastResult,
  busy,
}: {
  rows: readonly TickRow[];
  q: string;
  page: number;
  total: number;
  pageSize: number;
  lastResult: FormReply | null | undefined;
  busy: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const [form, fields] = useFormReply<{ intent: "households"; householdIds: string[] }>({
    id: "invite-households",
    intent: "households",
    lastResult,
  });
  const ids = fields.householdIds;
  return (
    <section className="card stack" aria-labelledby="by-household-h">
      <h2 id="by-household-h">{t("invites.byHousehold")}</h2>
      <Form method="get" role="search" className="search-row">
        <label className="sr-only" htmlFor="invite-q">
          {t("invites.search")}
        </label>
        <input id="invite-q" name="q" type="search" maxLength={50} defaultValue={q} placeholder={t("invites.search")} />
        <button type="submit" className="secondary">
          {t("invites.searchButton")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">{t("invites.noHouseholds")}</p>
      ) : (
        <Form method="post" {...formProps(form)}>
          <input type="hidden" name="intent" value="households" />
          <FormErrorsAlert form={form} />
          <div {...scrollRegion(t, t("invites.byHousehold"))}>
            <table className="register-table invite-ticks" aria-describedby={ids.errors?.length ? ids.errorId : undefined}>
              <thead>
                <tr>
                  <th scope="col">{t("invites.tick")}</th>
                  <th scope="col">{t("invites.code")}</th>
                  <th scope="col">{t("invites.head")}</th>
                  <th scope="col">{t("registers.group")}</th>
                  <th scope="col">{t("invites.accounts")}</th>
                  <th scope="col">{t("invites.openSlip")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="householdIds"
                        value={h.id}
                        id={`tick-${h.id}`}
                        aria-label={t("invites.tickHousehold", { code: h.code, name: h.headName })}
                      />
                    </td>
                    <th scope="row">
                      <label htmlFor={`tick-${h.id}`}>{h.code}</label>
                    </th>
                    <td>{h.headName}</td>
                    <td>{h.groupName ?? "—"}</td>
                    <td>{h.accounts ? t("invites.accountsN", { n: h.accounts }) : t("invites.none")}</td>
                    <td>{h.openUntil ? t("invites.openUntil", { date: date(h.openUntil, lang) }) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ErrorList id={ids.errorId} errors={ids.errors} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("invites.makeTicked")}
            </button>
          </div>
        </Form>
      )}
      <RegisterPager param="hpage" page={page} total={total} pageSize={pageSize} label={t("invites.byHousehold")} />
    </section>
  );
}
