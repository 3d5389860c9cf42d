import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { ImportPanel, type ImportPanelData } from "~/components/registers/ImportPanel";
import { VillageNav } from "~/components/VillageNav";
import { SHARE_COLUMNS } from "~/domain/register-import";
import { mayAct } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { runRegisterImport } from "~/services/imports.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";
import { pageTitle } from "~/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "title.importShares", undefined, data?.village.name) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const village = await getVillageIdentity({ db: await getDb(), code: place.code });
  return { village: { code: village!.code, name: village!.name }, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/** Preview (multipart, the file) or commit (the signed rows): see app/utils/register-import-flow.server.ts. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  return runRegisterImport("shares", { request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
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
          checkUrl={`${base}/import/check`}
          templateHref={`${base}/export?what=ledger&format=csv&template=1`}
        />
      ) : (
        <p className="muted">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
