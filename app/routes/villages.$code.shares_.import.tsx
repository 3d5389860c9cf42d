import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RegisterImportPage } from "~/components/registers/RegisterImportPage";
import { pageTitle } from "~/i18n/meta";
import { importPageAction, importPageLoader } from "~/services/imports.server";
import registersCss from "~/styles/registers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registersCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.importShares", undefined, data?.village.name) },
];

export const loader = (args: LoaderFunctionArgs) => importPageLoader(args);
/** Preview (multipart, the file) or commit (the signed rows): see app/utils/register-import-flow.server.ts. */
export const action = (args: ActionFunctionArgs) => importPageAction("shares", args);

export default function ImportShares() {
  return <RegisterImportPage kind="shares" page={useLoaderData<typeof loader>()} answer={useActionData<typeof action>()} />;
}
