import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { ImportPanel, type ImportPanelData } from "~/components/registers/ImportPanel";
import { VillageNav } from "~/components/VillageNav";
import { toSharePayload } from "~/domain/register-commit";
import { SHARE_COLUMNS, parseShareFile } from "~/domain/register-import";
import { mayAct } from "~/domain/scope";
import { SHARE_CLASS_LABELS, formatShares } from "~/domain/shares";
import { useT } from "~/i18n/use-t";
import { importShareMovements, shareRegister } from "~/models/register-import.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/utils/auth.server";
import { runImportAction } from "~/utils/register-import-flow.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.village.name} · 导入股权` : "导入股权" }];

const ENTRY_ZH = { subscribe: "认购", increase: "增持", redeem: "退股" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const village = await getVillageIdentity({ db: await getDb(), code: place.code });
  return { village: { code: village!.code, name: village!.name }, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/**
 * Preview (multipart, the file) or commit (the signed rows): see app/utils/register-import-flow.server.ts.
 * Subscribe, increase and redeem rows; every row is checked against the ledger in date order, so no
 * holding ever goes negative.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const db = await getDb();
  const villageCode = village.code;
  const today = todayInChina();
  return runImportAction({
    request,
    purpose: `import:shares:${villageCode}:${user.id}`,
    preview: async (upload) => {
      const register = await shareRegister({ db, villageCode });
      return parseShareFile({
        data: upload.bytes,
        fileName: upload.name,
        context: { today, households: register.households, shareClasses: [...register.classes.keys()], ledger: register.ledger },
      });
    },
    toPayload: toSharePayload,
    sample: (r) => ({
      householdCode: r.householdCode,
      shareClass: SHARE_CLASS_LABELS[r.shareClass].zh,
      quantity: formatShares(r.quantity),
      entryType: ENTRY_ZH[r.entryType],
      effectiveOn: r.effectiveOn,
      approvedBy: r.approvedBy,
    }),
    commit: (rows, fileName) => importShareMovements({ db, villageCode, rows, fileName, today, actor: { id: user.id, username: user.username } }),
    doneUrl: (n) => `/villages/${villageCode}/shares?saved=imported&n=${n}`,
  });
}

export default function ImportShares() {
  const { village, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ImportPanelData | undefined;
  const t = useT();
  const base = `/villages/${village.code}/shares`;
  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={base}>← {t("registers.shares.title")}</Link>
      </p>
      <h1>{t("registers.importShares")}</h1>
      {canEdit ? (
        <ImportPanel
          columns={SHARE_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh))}
          sampleColumns={[
            { key: "householdCode", label: t("registers.code") },
            { key: "shareClass", label: t("registers.class") },
            { key: "quantity", label: t("registers.quantity") },
            { key: "entryType", label: t("registers.entryType") },
            { key: "effectiveOn", label: t("registers.effectiveOn") },
            { key: "approvedBy", label: t("registers.approvedBy") },
          ]}
          actionData={actionData}
          templateHref={`${base}/export?what=ledger&format=csv&template=1`}
        />
      ) : (
        <p className="muted">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
