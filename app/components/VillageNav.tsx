import { NavLink } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { StatusBadge as UiStatusBadge } from "./ui/StatusBadge";

/** The workspace's tabs; scrolls sideways on a phone. */
export function VillageNav({ code, name, year }: { code: string; name: string; year?: number }) {
  const t = useT();
  const y = year ?? new Date().getFullYear() - 1;
  const items = [
    { to: `/villages/${code}`, label: t("ws.nav.profile"), end: true },
    { to: `/villages/${code}/households`, label: t("ws.nav.households") },
    { to: `/villages/${code}/members`, label: t("ws.nav.members") },
    { to: `/villages/${code}/shares`, label: t("ws.nav.shares") },
    { to: `/villages/${code}/income/${y}`, label: t("ws.nav.income") },
    { to: `/villages/${code}/distributions/${y}`, label: t("ws.nav.distributions") },
    { to: `/villages/${code}/rules`, label: t("ws.nav.rules") },
    { to: `/villages/${code}/invites`, label: t("ws.nav.invites") },
    { to: `/public/villages/${code}`, label: t("ws.nav.public") },
  ];
  return (
    <nav aria-label={t("ws.nav.label")} className="tabs no-print">
      <span className="tabs-title">{name}</span>
      <ul>
        {items.map((i) => (
          <li key={i.to}>
            <NavLink to={i.to} end={i.end} prefetch="intent">
              {i.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** an income year's status (kept for the routes that import it from here) */
export function StatusBadge({ status }: { status: "draft" | "submitted" | "approved" | "returned" }) {
  return <UiStatusBadge kind="income" status={status} />;
}
