import { Link } from "@remix-run/react";
import { VillageNav } from "~/components/VillageNav";
import { HOUSEHOLD_COLUMNS, SHARE_COLUMNS, type ImportAnswer, type RegisterKind } from "~/domain/register-files";
import type { Translate } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { ImportPanel } from "./ImportPanel";

/** What differs between the two imports: the file's columns, the preview's columns, where the template is. */
function importOf(kind: RegisterKind, base: string, t: Translate) {
  if (kind === "households") {
    return {
      title: t("registers.importHouseholds"),
      back: t("registers.households.title"),
      columns: HOUSEHOLD_COLUMNS,
      templateHref: `${base}/export?format=csv&template=1`,
      sampleColumns: [
        { key: "code", label: t("registers.code") },
        { key: "headName", label: t("registers.headName") },
        { key: "group", label: t("registers.group") },
        { key: "leader", label: t("registers.leader") },
        { key: "flags", label: t("registers.flags") },
        { key: "joinedOn", label: t("registers.joinedOn") },
      ],
    };
  }
  return {
    title: t("registers.importShares"),
    back: t("registers.shares.title"),
    columns: SHARE_COLUMNS,
    templateHref: `${base}/export?what=ledger&format=csv&template=1`,
    sampleColumns: [
      { key: "householdCode", label: t("registers.code") },
      { key: "shareClass", label: t("registers.class") },
      { key: "quantity", label: t("registers.quantity") },
      { key: "entryType", label: t("registers.entryType") },
      { key: "effectiveOn", label: t("registers.effectiveOn") },
      { key: "approvedBy", label: t("registers.approvedBy") },
    ],
  };
}

/** The household and the share import pages: upload → preview → commit (ImportPanel), or read-only. */
export function RegisterImportPage({
  kind,
  page,
  answer,
}: {
  kind: RegisterKind;
  page: { village: { code: string; name: string }; canEdit: boolean };
  answer: ImportAnswer | undefined;
}) {
  const t = useT();
  const { village, canEdit } = page;
  const base = `/villages/${village.code}/${kind}`;
  const the = importOf(kind, base, t);
  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={base}>← {the.back}</Link>
      </p>
      <h1>{the.title}</h1>
      {canEdit ? (
        <ImportPanel
          columns={the.columns.map((c) => (c.required ? `${c.zh}*` : c.zh))}
          sampleColumns={the.sampleColumns}
          actionData={answer}
          checkUrl={`${base}/import/check`}
          templateHref={the.templateHref}
        />
      ) : (
        <p className="muted">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
