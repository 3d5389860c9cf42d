import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { VillageNav } from "~/components/VillageNav";
import { ImportPanel } from "~/components/registers/ImportPanel";
import { MEMBER_COLUMNS } from "~/domain/members/import";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { memberImportPageAction, memberImportPageLoader } from "~/services/member-import.server";
import registersCss from "~/styles/registers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.importMembers", undefined, data?.village.name) },
];

export const loader = (args: LoaderFunctionArgs) => memberImportPageLoader(args);
/** Preview (multipart, the file) or commit (the signed rows): see app/utils/register-import-flow.server.ts. */
export const action = (args: ActionFunctionArgs) => memberImportPageAction(args);

/** The member import: upload → preview (ID numbers and phones masked) → commit, like the household import. */
export default function ImportMembers() {
  const { village, canEdit, canKeepIdNumbers } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const base = `/villages/${village.code}/members`;
  const col = (
    key: "householdCode" | "name" | "relation" | "sex" | "birthDate" | "idNumber" | "phone" | "confirmedOn" | "confirmationBasis",
  ) => ({
    key,
    label: t(`filing.col.${key}`),
  });
  return (
    <div className="register">
      <VillageNav code={village.code} name={village.name} />
      <p className="small no-print">
        <Link to={base}>← {t("filing.register")}</Link>
      </p>
      <h1>{t("filing.import.title")}</h1>
      {canEdit ? (
        <>
          <p className="small">{t("filing.import.intro")}</p>
          <p className="small muted">{t("filing.import.labels")}</p>
          {canKeepIdNumbers ? null : (
            <p className="alert alert-warn" role="note">
              {t("filing.import.noKey")}
            </p>
          )}
          <ImportPanel
            columns={MEMBER_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh))}
            sampleColumns={[
              col("householdCode"),
              col("name"),
              col("relation"),
              col("sex"),
              col("birthDate"),
              col("idNumber"),
              col("phone"),
              col("confirmedOn"),
              col("confirmationBasis"),
            ]}
            actionData={answer}
            checkUrl={`${base}/import/check`}
            templateHref={`${base}/export?format=csv&template=1`}
          />
        </>
      ) : (
        <p className="muted">{t("registers.readOnly")}</p>
      )}
    </div>
  );
}
