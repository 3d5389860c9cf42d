import { Form } from "@remix-run/react";
import { EmptyState } from "~/components/ui/EmptyState";
import { scrollRegion } from "~/components/ui/scroll-region";
import { useT } from "~/i18n/use-t";

export type TargetRow = {
  id: number;
  name: string;
  regionCode: string;
  regionName: string;
  kind: "dingtalk" | "wecom";
  url: string;
  hasSecret: boolean;
  enabled: boolean;
};

/** The group robots in the caller's scope, each with its test and on/off buttons. */
export function TargetsTable({ targets, busy }: { targets: readonly TargetRow[]; busy: boolean }) {
  const t = useT();
  if (targets.length === 0) return <EmptyState title={t("empty.notifications.title")}>{t("empty.notifications.body")}</EmptyState>;
  return (
    <div {...scrollRegion(t, t("notify.targets"))}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("notify.name")}</th>
            <th scope="col">{t("notify.region")}</th>
            <th scope="col">{t("notify.kind")}</th>
            <th scope="col">{t("notify.url")}</th>
            <th scope="col">{t("notify.enabled")}</th>
            <th scope="col">
              <span className="sr-only">{t("table.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((x) => (
            <tr key={x.id}>
              <td>{x.name}</td>
              <td>
                {x.regionName} <span className="muted small">{x.regionCode}</span>
              </td>
              <td>
                {t(x.kind === "dingtalk" ? "notify.kind.dingtalk" : "notify.kind.wecom")}
                {x.hasSecret ? <span className="muted small"> · {t("notify.hasSecret")}</span> : null}
              </td>
              <td className="small">{x.url}</td>
              <td>{x.enabled ? t("notify.enabled") : t("notify.disabled")}</td>
              <td>
                <Form method="post" className="actions">
                  <input type="hidden" name="id" value={x.id} />
                  <button type="submit" name="intent" value="test" className="button secondary" disabled={busy || !x.enabled}>
                    {t("notify.test")}
                  </button>{" "}
                  <button type="submit" name="intent" value={x.enabled ? "disable" : "enable"} className="button secondary" disabled={busy}>
                    {x.enabled ? t("notify.disable") : t("notify.enable")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
