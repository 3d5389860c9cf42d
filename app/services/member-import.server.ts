/**
 * The member register's import as runImportAction needs it (app/utils/register-import-flow.server.ts,
 * the same two steps as the household and share imports): the preview reads the file, checks it
 * against the village's households and asks the register about its ID numbers in one query; the
 * checked rows travel signed with their ID numbers encrypted; the commit checks them all again.
 * Used by the import page's action and its JSON check route.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, data } from "@remix-run/node";
import { getDb, type Db } from "@db/client.server";
import { maskIdNumber, maskPhone } from "~/domain/members";
import { BASIS_ZH, RELATION_ZH, SEX_ZH, parseMemberFile } from "~/domain/members/import";
import type { ImportAnswer } from "~/domain/register-files";
import { mayAct } from "~/domain/scope";
import { canKeepIdNumbers } from "~/models/member-identity.server";
import { NO_KEY_FOR_ID_NUMBERS, importMembers, knownIdNumbers, memberImportRegister, sealRows } from "~/models/member-import.server";
import { getVillageIdentity } from "~/models/villages.server";
import { actorOf } from "~/utils/audit.server";
import { runImportAction } from "~/utils/register-import-flow.server";
import { isMultipart } from "~/utils/upload.server";
import { todayInChina } from "~/utils/today.server";
import { requireVillageAccess, type AuthUser } from "./auth.server";

type Ctx = { request: Request; db: Db; villageCode: string; user: AuthUser; today: string };

function membersImport({ request, db, villageCode, user, today }: Ctx) {
  return runImportAction({
    request,
    purpose: `import:members:${villageCode}:${user.id}`,
    preview: async (upload) => {
      const register = await memberImportRegister({ db, villageCode, today });
      let withIds = false;
      const parsed = await parseMemberFile({
        data: upload.bytes,
        fileName: upload.name,
        context: {
          today,
          ...register,
          // every valid ID number of the file, in one query
          lookUpIdNumbers: async (idNumbers) => {
            withIds = true;
            return canKeepIdNumbers() ? knownIdNumbers({ db, villageCode, idNumbers, today }) : new Map();
          },
        },
      });
      if (withIds && !canKeepIdNumbers()) return { rows: [], errors: [NO_KEY_FOR_ID_NUMBERS, ...parsed.errors] };
      return parsed;
    },
    toPayload: sealRows,
    // what the preview page shows: masked, like every page but the secretary's edit form
    sample: (r) => ({
      householdCode: r.householdCode,
      name: r.name,
      relation: RELATION_ZH[r.relation],
      sex: SEX_ZH[r.sex],
      birthDate: r.birthDate,
      idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null,
      phone: r.phone ? maskPhone(r.phone) : null,
      confirmedOn: r.confirmedOn,
      confirmationBasis: BASIS_ZH[r.confirmationBasis],
    }),
    commit: (rows, fileName) => importMembers({ db, villageCode, rows, fileName, today, actor: actorOf(user) }),
    doneUrl: (n) => `/villages/${villageCode}/members?imported=${n}`,
  });
}

/** The import page's loader: the village, whether the user may import, whether ID numbers can be kept here. */
export async function memberImportPageLoader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const village = await getVillageIdentity({ db: await getDb(), code: place.code });
  return {
    village: { code: village!.code, name: village!.name },
    canEdit: mayAct(user.grants, "secretary", [place]),
    canKeepIdNumbers: canKeepIdNumbers(),
  };
}

/** The import page's action (preview or commit), for the village's secretary only. */
export async function memberImportPageAction({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  return membersImport({ request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
}

/** The JSON check route: the preview only (the page posts the file with XMLHttpRequest to show progress). */
export async function memberImportCheckAction({ request, params }: ActionFunctionArgs): Promise<Response> {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  if (!isMultipart(request))
    return Response.json({ stage: "upload", error: { zh: "请上传一个文件", en: "Upload a file" } }, { status: 400 });
  const result = await membersImport({ request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
  if (result instanceof Response) return result;
  const { data: body, init } = result as ReturnType<typeof data<ImportAnswer>>;
  return Response.json(body, { status: init?.status ?? 200, headers: { "Cache-Control": "no-store" } });
}
