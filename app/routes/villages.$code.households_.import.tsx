import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { ImportPanel, type ImportPanelData } from "~/components/registers/ImportPanel";
import { VillageNav } from "~/components/VillageNav";
import { recheckHouseholds } from "~/domain/register-commit";
import { HOUSEHOLD_COLUMNS, parseHouseholdFile } from "~/domain/register-import";
import { mayAct } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import { householdRegister, importHouseholds } from "~/models/register-import.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/utils/auth.server";
import { runImportAction } from "~/utils/register-import-flow.server";
import { todayInChina } from "~/utils/today.server";
import registersCss from "~/styles/registers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.village.name} · 导入农户` : "导入农户" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const village = await getVillageIdentity({ db: await getDb(), code: place.code });
  return { village: { code: village!.code, name: village!.name }, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/** Preview (multipart, the file) or commit (the signed rows): see app/utils/register-import-flow.server.ts. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  const db = await getDb();
  const villageCode = village.code;
  const today = todayInChina();
  return runImportAction({
    request,
    purpose: `import:households:${villageCode}:${user.id}`,
    preview: async (upload) => {
      const register = await householdRegister({ db, villageCode });
      const parsed = await parseHouseholdFile({
        data: upload.bytes,
        fileName: upload.name,
        context: { today, existingCodes: register.existingCodes, groups: [...register.groups.keys()], leaders: [...register.leaders.keys()] },
      });
      // what the file alone cannot tell: e.g. a 联户长's name that two leaders share
      const again = recheckHouseholds(parsed.rows, { today, ...register });
      const errors = again.ok ? parsed.errors : [...parsed.errors, ...again.errors].sort((a, b) => a.line - b.line);
      return { rows: again.ok ? parsed.rows : [], errors };
    },
    toPayload: (rows) => rows,
    sample: (r) => ({ code: r.code, headName: r.headName, group: r.group, leader: r.leader, members: r.members, flags: r.flags.join("、"), joinedOn: r.joinedOn }),
    commit: (rows, fileName) => importHouseholds({ db, villageCode, rows, fileName, today, actor: { id: user.id, username: user.username } }),
    doneUrl: (n) => `/villages/${villageCode}/households?imported=${n}`,
  });
}

export default function ImportHouseholds() {
  const { village, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ImportPanelData | undefined;
  const t = useT();
  const base = `/villages/${village.code}/households`;
  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={base}>← {t("registers.households.title")}</Link>
      </p>
      <h1>{t("registers.importHouseholds")}</h1>
      {canEdit ? (
        <ImportPanel
          columns={HOUSEHOLD_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh))}
          sampleColumns={[
            { key: "code", label: t("registers.code") },
            { key: "headName", label: t("registers.headName") },
            { key: "group", label: t("registers.group") },
            { key: "leader", label: t("registers.leader") },
            { key: "members", label: t("registers.members") },
            { key: "flags", label: t("registers.flags") },
            { key: "joinedOn", label: t("registers.joinedOn") },
          ]}
          actionData={actionData}
          templateHref={`${base}/export?format=csv&template=1`}
        />
      ) : (
        <p className="muted">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
