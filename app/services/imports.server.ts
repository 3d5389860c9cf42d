/**
 * The two register imports — households and share movements — as runImportAction needs them:
 * what a file is checked against, what travels between preview and commit, what the preview
 * shows, and the commit. Used by the import pages' actions and by their JSON check routes (the
 * same preview, answered as JSON so the page can show the upload's progress).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, data } from "@remix-run/node";
import { getDb, type Db } from "@db/client.server";
import { recheckHouseholds, toSharePayload } from "~/domain/register-commit";
import type { ImportAnswer, RegisterKind } from "~/domain/register-files";
import { parseHouseholdFile, parseShareFile } from "~/domain/register-import";
import { mayAct } from "~/domain/scope";
import { SHARE_CLASS_LABELS, formatShares } from "~/domain/shares";
import { householdRegister, importHouseholds, importShareMovements, shareRegister } from "~/models/register-import.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess, type AuthUser } from "./auth.server";
import { runImportAction } from "~/utils/register-import-flow.server";
import { isMultipart } from "~/utils/upload.server";
import { actorOf } from "~/utils/audit.server";
import { todayInChina } from "~/utils/today.server";

type Ctx = { request: Request; db: Db; villageCode: string; user: AuthUser; today: string };

const ENTRY_ZH = { subscribe: "认购", increase: "增持", redeem: "退股" } as const;

function householdsImport({ request, db, villageCode, user, today }: Ctx) {
  return runImportAction({
    request,
    purpose: `import:households:${villageCode}:${user.id}`,
    preview: async (upload) => {
      const register = await householdRegister({ db, villageCode });
      const parsed = await parseHouseholdFile({
        data: upload.bytes,
        fileName: upload.name,
        context: {
          today,
          existingCodes: register.existingCodes,
          groups: [...register.groups.keys()],
          leaders: [...register.leaders.keys()],
        },
      });
      // what the file alone cannot tell: e.g. a 联户长's name that two leaders share
      const again = recheckHouseholds(parsed.rows, { today, ...register });
      const errors = again.ok ? parsed.errors : [...parsed.errors, ...again.errors].sort((a, b) => a.line - b.line);
      return { rows: again.ok ? parsed.rows : [], errors, notes: parsed.notes };
    },
    toPayload: (rows) => rows,
    sample: (r) => ({
      code: r.code,
      headName: r.headName,
      group: r.group,
      leader: r.leader,
      flags: r.flags.join("、"),
      joinedOn: r.joinedOn,
    }),
    commit: (rows, fileName) => importHouseholds({ db, villageCode, rows, fileName, today, actor: actorOf(user) }),
    doneUrl: (n) => `/villages/${villageCode}/households?imported=${n}`,
  });
}

/** Subscribe, increase and redeem rows, checked against the ledger in date order: no holding goes negative. */
function sharesImport({ request, db, villageCode, user, today }: Ctx) {
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
    commit: (rows, fileName) => importShareMovements({ db, villageCode, rows, fileName, today, actor: actorOf(user) }),
    doneUrl: (n) => `/villages/${villageCode}/shares?saved=imported&n=${n}`,
  });
}

/** The import page's action: preview (multipart) or commit (the signed rows). */
export function runRegisterImport(kind: RegisterKind, ctx: Ctx) {
  return kind === "households" ? householdsImport(ctx) : sharesImport(ctx);
}

/** Both import pages' loader: the village, and whether the user may import into its registers. */
export async function importPageLoader({ request, params }: LoaderFunctionArgs) {
  const { user, village: place } = await requireVillageAccess(request, params.code);
  const village = await getVillageIdentity({ db: await getDb(), code: place.code });
  return { village: { code: village!.code, name: village!.name }, canEdit: mayAct(user.grants, "secretary", [place]) };
}

/** An import page's action, for the village's secretary only (see app/utils/register-import-flow.server.ts). */
export async function importPageAction(kind: RegisterKind, { request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  return runRegisterImport(kind, { request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
}

/** An import page's JSON check route (the upload with progress), for the village's secretary only. */
export async function importCheckAction(kind: RegisterKind, { request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code, { write: true });
  return runRegisterCheck(kind, { request, db: await getDb(), villageCode: village.code, user, today: todayInChina() });
}

/**
 * The check route's action: the preview only, as JSON (the page posts the file with
 * XMLHttpRequest to show upload progress). Commits always go through the page.
 */
export async function runRegisterCheck(kind: RegisterKind, ctx: Ctx): Promise<Response> {
  if (!isMultipart(ctx.request)) {
    return Response.json({ stage: "upload", error: { zh: "请上传一个文件", en: "Upload a file" } }, { status: 400 });
  }
  const result = await runRegisterImport(kind, ctx);
  if (result instanceof Response) return result;
  const { data: body, init } = result as ReturnType<typeof data<ImportAnswer>>;
  return Response.json(body, { status: init?.status ?? 200, headers: { "Cache-Control": "no-store" } });
}
