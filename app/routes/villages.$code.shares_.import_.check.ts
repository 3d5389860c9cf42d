import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { requireVillageAccess } from "~/services/auth.server";
import { runRegisterCheck } from "~/services/imports.server";
import { todayInChina } from "~/utils/today.server";

/**
 * POST /villages/:code/shares/import/check (multipart, the file): the import's preview as JSON.
 * The import page sends the file here with XMLHttpRequest so it can show the upload's progress;
 * without JavaScript the page's own action gives the same preview. Nothing is written here.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  return runRegisterCheck("shares", { request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
}
