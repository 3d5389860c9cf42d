import { NavLink } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The workspace's tabs; scrolls sideways on a phone. */
export function VillageNav({ code, name, year }: { code: string; name: string; year?: number }) {
  const t = useT();
  const y = year ?? new Date().getFullYear() - 1;
  const items = [
    { to: `/villages/${code}`, label: t("ws.nav.profile"), end: true },
    { to: `/villages/${code}/households`, label: t("ws.nav.households") },
    { to: `/villages/${code}/shares`, label: t("ws.nav.shares") },
    { to: `/villages/${code}/income/${y}`, label: t("ws.nav.income") },
    { to: `/villages/${code}/distributions/${y}`, label: t("ws.nav.distributions") },
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

export function StatusBadge({ status }: { status: "draft" | "submitted" | "approved" | "returned" }) {
  const t = useT();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
