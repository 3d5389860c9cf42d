import { useT } from "~/i18n/use-t";

export type GrantView = {
  id: number;
  role: "admin" | "bureau" | "town" | "secretary" | "member";
  regionCode: string | null;
  placeName: string | null;
  household: { code: string; headName: string } | null;
};

/** "村支书 / 会计 · 红河村" — a role and where it applies. */
export function GrantLabel({ grant }: { grant: GrantView }) {
  const t = useT();
  const where = grant.household ? `${grant.placeName ?? ""} ${grant.household.code} ${grant.household.headName}` : (grant.placeName ?? "");
  return (
    <span className="grant">
      <strong>{t(`role.${grant.role}`)}</strong>
      {where ? <span className="muted"> · {where.trim()}</span> : null}
    </span>
  );
}
