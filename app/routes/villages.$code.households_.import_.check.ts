import type { ActionFunctionArgs } from "@remix-run/node";
import { importCheckAction } from "~/services/imports.server";

/**
 * POST /villages/:code/households/import/check (multipart, the file): the import's preview as JSON.
 * The import page sends the file here with XMLHttpRequest so it can show the upload's progress;
 * without JavaScript the page's own action gives the same preview. Nothing is written here.
 */
export const action = (args: ActionFunctionArgs) => importCheckAction("households", args);
