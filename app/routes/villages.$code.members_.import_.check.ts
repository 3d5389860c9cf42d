import type { ActionFunctionArgs } from "@remix-run/node";
import { memberImportCheckAction } from "~/services/member-import.server";

/**
 * POST /villages/:code/members/import/check (multipart, the file): the member import's preview as
 * JSON, so the import page can show the upload's progress; without JavaScript the page's own
 * action gives the same preview. Nothing is written here.
 */
export const action = (args: ActionFunctionArgs) => memberImportCheckAction(args);
