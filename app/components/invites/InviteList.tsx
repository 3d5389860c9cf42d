import { Form, Link } from "@remix-run/react";
import type { InviteState } from "~/domain/invite-code";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { EmptyState } from "~/components/ui/EmptyState";
import { RegisterPager } from "~/components/registers/RegisterPager";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { MessageKey } from "~/i18n";

export type InviteRow = {
  id: number;
  householdCode: string;
  headName: string;
  createdOn: string;
  expiresOn: string;
  state: InviteState;
  usedBy: string | null;
};

const BADGE: Record<InviteState, string> = {
  open: "badge-notice",
  used: "badge-approved",
  revoked: "badge-none",
  expired: "badge-returned",
};

export const stateKey = (s: InviteState) => `invites.state.${s}` as MessageKey;

/** The village's slips with their states, filtered by state, paged; the secretary revokes an open one. */
export function InviteList({
  rows,
  total,
  page,
  pageSize,
  counts,
  state,
  canEdit,
  busy,
}: {
  rows: readonly InviteRow[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<InviteState, number>;
  state: InviteState | null;
  canEdit: boolean;
  busy: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const states: InviteState[] = ["open", "used", "revoked", "expired"];
  return (
    <section className="card stack" aria-labelledby="slips-h">
      <h2 id="slips-h">{t("invites.list")}</h2>
      <p className="muted small">{t("invites.counts", counts)}</p>
      <Form method="get" className="search-row">
        <label htmlFor="state" className="small">
          {t("invites.stateFilter")}
        </label>
        <select id="state" name="state" defaultValue={state ?? ""}>
          <option value="">{t("invites.allStates")}</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {t(stateKey(s))}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("invites.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title={t("invites.empty")}>{canEdit ? t("invites.printHint") : t("invites.readOnly")}</EmptyState>
      ) : (
        <div {...scrollRegion(t, t("invites.list"))}>
          <table className="register-table">
            <thead>
              <tr>
                <th scope="col">{t("invites.code")}</th>
                <th scope="col">{t("invites.head")}</th>
                <th scope="col">{t("invites.createdAt")}</th>
                <th scope="col">{t("invites.expiresAt")}</th>
                <th scope="col">{t("invites.stateCol")}</th>
                <th scope="col">{t("invites.usedBy")}</th>
                {canEdit ? <th scope="col">{t("invites.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.householdCode}</th>
                  <td>{r.headName}</td>
                  <td className="nowrap">{date(r.createdOn, lang)}</td>
                  <td className="nowrap">{date(r.expiresOn, lang)}</td>
                  <td>
                    <span className={`badge ${BADGE[r.state]}`}>{t(stateKey(r.state))}</span>
                  </td>
                  <td>{r.usedBy ?? "—"}</td>
                  {canEdit ? (
                    <td>
                      {r.state === "open" ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="id" value={r.id} />
                          <button
                            type="submit"
                            className="secondary"
                            disabled={busy}
                            aria-label={t("invites.revokeLabel", { code: r.householdCode })}
                          >
                            {t("invites.revoke")}
                          </button>
                        </Form>
                      ) : (
                        "—"
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RegisterPager page={page} total={total} pageSize={pageSize} label={t("invites.list")} />
      {!canEdit ? <p className="muted small">{t("invites.readOnly")}</p> : null}
      {state ? <Link to="?">{t("invites.allStates")}</Link> : null}
    </section>
  );
}
