/**
 * The member register's import: what a file is checked against (the village's households and
 * their heads, what the register knows of the file's ID numbers — one query by keyed hash), the
 * sealed form the checked rows travel in between preview and commit, and the all-or-nothing
 * commit: one transaction that takes the village's lock (as the register's own writes), checks every row again
 * (app/domain/members/import.ts), inserts by 500, refreshes the households' member counts and
 * writes one audit row (ID numbers masked, no phones).
 */
import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbOrTx, type Tx } from "@db/client.server";
import { households, members } from "@db/schema";
import { recheckMembers, type ImportHousehold, type KnownIdNumber, type MemberImportRow } from "~/domain/members/import";
import { isValidIdNumber, maskIdNumber } from "~/domain/members";
import type { ImportLineError, ImportRefusal } from "~/domain/register-files";
import { refuse } from "~/domain/refusal";
import { lineError } from "~/domain/register-commit";
import { message } from "~/i18n/message";
import { encryptSecret } from "~/utils/secret-box.server";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { canKeepIdNumbers, idNumberHash, revealIdNumber, sealIdNumber } from "./member-identity.server";
import { refreshHouseholdCounts } from "./household-counts.server";
import { lockVillage } from "./member-checks.server";
import { ImportRefused } from "./register-import.server";

const CHUNK = 500;

export type MemberImportOutcome = { ok: true; count: number } | ImportRefusal;

/** The village's households by 户号, and the heads (by 户号) among today's members. */
export async function memberImportRegister({ db, villageCode, today }: { db: DbOrTx; villageCode: string; today: string }) {
  const hh = await db
    .select({ id: households.id, code: households.code, leftOn: households.leftOn })
    .from(households)
    .where(eq(households.villageCode, villageCode));
  const headRows = await db
    .select({ householdId: members.householdId, name: members.name })
    .from(members)
    .where(and(eq(members.villageCode, villageCode), eq(members.relation, "head"), or(isNull(members.lostOn), gt(members.lostOn, today))));
  const codeOf = new Map(hh.map((h) => [h.id, h.code]));
  return {
    households: new Map<string, ImportHousehold>(hh.map((h) => [h.code, { id: h.id, leftOn: h.leftOn }])),
    heads: new Map<string, string>(headRows.flatMap((r) => (codeOf.has(r.householdId) ? [[codeOf.get(r.householdId)!, r.name]] : []))),
  };
}

/**
 * What the register knows of these ID numbers, in one query by keyed hash: a member of this
 * village today, of another collective today, or a person recorded dead.
 */
export async function knownIdNumbers({
  db,
  villageCode,
  idNumbers,
  today,
  hashes,
}: {
  db: DbOrTx;
  villageCode: string;
  idNumbers: readonly string[];
  today: string;
  /** the numbers' keyed hashes when the caller has them already (the commit seals them first) */
  hashes?: ReadonlyMap<string, string>;
}): Promise<Map<string, KnownIdNumber>> {
  const known = new Map<string, KnownIdNumber>();
  if (idNumbers.length === 0) return known;
  const byHash = new Map(idNumbers.map((id) => [hashes?.get(id) ?? idNumberHash(id), id]));
  const rows = await db
    .select({
      hash: members.idNumberHash,
      villageCode: members.villageCode,
      name: members.name,
      householdCode: households.code,
      lostOn: members.lostOn,
      lossReason: members.lossReason,
    })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(inArray(members.idNumberHash, [...byHash.keys()]));
  const rank = { member_here: 3, dead: 2, member_elsewhere: 1 } as const;
  for (const r of rows) {
    const id = byHash.get(r.hash ?? "");
    if (!id) continue;
    const current = r.lostOn === null || r.lostOn > today;
    // another collective's member: only that they are one, not who or where
    const k: KnownIdNumber | null = current
      ? r.villageCode === villageCode
        ? { kind: "member_here", name: r.name, householdCode: r.householdCode }
        : { kind: "member_elsewhere" }
      : r.lossReason === "death"
        ? { kind: "dead" }
        : null;
    const before = known.get(id);
    if (k && (!before || rank[k.kind] > rank[before.kind])) known.set(id, k);
  }
  return known;
}

/** what travels between preview and commit: the row, its ID number encrypted (the page holds no full number) */
export type SealedMemberRow = Omit<MemberImportRow, "idNumber"> & { idSealed: string | null };

export function sealRows(rows: readonly MemberImportRow[]): SealedMemberRow[] {
  return rows.map(({ idNumber, ...r }) => ({ ...r, idSealed: idNumber ? encryptSecret(idNumber) : null }));
}

/** the sealed rows with their ID numbers read back; a row whose seal does not open is an error of its line */
function unseal(rows: unknown): { rows: unknown; errors: ImportLineError[] } {
  if (!Array.isArray(rows)) return { rows, errors: [] };
  const errors: ImportLineError[] = [];
  const out = rows.map((raw: unknown, i) => {
    if (!raw || typeof raw !== "object") return raw;
    const { idSealed, ...r } = raw as Record<string, unknown>;
    if (idSealed === null || idSealed === undefined) return { ...r, idNumber: null };
    try {
      return { ...r, idNumber: typeof idSealed === "string" ? revealIdNumber(idSealed) : null };
    } catch {
      const line = typeof r.line === "number" ? r.line : i + 1;
      errors.push(
        lineError(line, "idNumber", message("身份证号无法读取，请重新上传文件", "the ID number cannot be read: upload the file again")),
      );
      return { ...r, idNumber: null };
    }
  });
  return { rows: out, errors };
}

export const NO_KEY_FOR_ID_NUMBERS: ImportLineError = lineError(
  0,
  "idNumber",
  message(
    "本服务器未设置密钥（NOTIFY_SECRET_KEY），不能保存身份证号：请删去身份证号列后再导入，或请管理员设置密钥",
    "This server has no secret key (NOTIFY_SECRET_KEY), so ID numbers cannot be kept: remove the ID number column, or ask the administrator to set the key",
  ),
);

type MemberInsert = Omit<MemberImportRow, "line" | "householdCode" | "idNumber"> & {
  villageCode: string;
  householdId: number;
  idNumberCiphertext: string | null;
  idNumberHash: string | null;
  idLast4: string | null;
};

/**
 * One statement for up to 500 persons, the rows as one JSON parameter: building a statement of
 * 8,000 parameters costs more than the insert itself (on PGlite it was 40% of the commit). The
 * rows go in in the array's order, so their serial ids sorted are the rows' order.
 */
async function insertChunk(tx: Tx, rows: readonly MemberInsert[]): Promise<{ id: number; householdId: number }[]> {
  const json = JSON.stringify(rows);
  const result = await tx.execute(sql`
    insert into members (village_code, household_id, name, relation, sex, birth_date, id_number_ciphertext, id_number_hash,
      id_last4, phone, sms_consent, civil_capacity, confirmed_on, confirmation_basis, confirmation_resolution)
    select r."villageCode", r."householdId", r.name, r.relation, r.sex, r."birthDate", r."idNumberCiphertext", r."idNumberHash",
      r."idLast4", r.phone, r."smsConsent", r."civilCapacity", r."confirmedOn", r."confirmationBasis", r."confirmationResolution"
    from jsonb_to_recordset(${json}::jsonb) as r("villageCode" char(12), "householdId" integer, name varchar(50),
      relation member_relation, sex member_sex, "birthDate" date, "idNumberCiphertext" text, "idNumberHash" char(64), "idLast4" char(4),
      phone varchar(20), "smsConsent" boolean, "civilCapacity" civil_capacity, "confirmedOn" date, "confirmationBasis" membership_basis,
      "confirmationResolution" varchar(200))
    returning id, household_id`);
  return rowsOf<{ id: number; household_id: number }>(result)
    .map((r) => ({ id: Number(r.id), householdId: Number(r.household_id) }))
    .sort((a, b) => a.id - b.id);
}

export async function importMembers({
  db,
  villageCode,
  rows,
  fileName,
  today,
  actor,
}: {
  db: Db;
  villageCode: string;
  /** the preview's sealed rows, as they came back: checked again here */
  rows: unknown;
  fileName: string;
  today: string;
  actor: AuditActor;
}): Promise<MemberImportOutcome> {
  const opened = unseal(rows);
  if (opened.errors.length) return { ...refuse("invalid"), errors: opened.errors };
  try {
    return await db.transaction(async (tx) => {
      // one writer at a time per village, as the register's own writes: no second 户主, no number twice
      await lockVillage(tx, villageCode);
      const register = await memberImportRegister({ db: tx, villageCode, today });
      const ids = Array.isArray(opened.rows)
        ? opened.rows.flatMap((r) => {
            const id = (r as { idNumber?: unknown } | null)?.idNumber;
            return typeof id === "string" && isValidIdNumber(id) ? [id] : [];
          })
        : [];
      if (ids.length && !canKeepIdNumbers()) throw new ImportRefused([NO_KEY_FOR_ID_NUMBERS]);
      // sealed once: the hash finds the number in the register, the columns are what is stored
      const sealed = new Map(ids.map((id) => [id, sealIdNumber(id)]));
      const hashes = new Map([...sealed].map(([id, s]) => [id, s.idNumberHash!]));
      const known = await knownIdNumbers({ db: tx, villageCode, idNumbers: ids, today, hashes });
      const checked = recheckMembers(opened.rows, { today, ...register, known });
      if (!checked.ok) throw new ImportRefused(checked.errors);
      if (checked.rows.length === 0)
        throw new ImportRefused([lineError(0, "file", message("文件中没有可导入的行", "The file has no rows to import"))]);

      const inserted: { id: number; householdId: number }[] = [];
      for (let i = 0; i < checked.rows.length; i += CHUNK) {
        const values = checked.rows.slice(i, i + CHUNK).map(({ line: _line, householdCode, idNumber, ...p }) => ({
          ...p,
          ...(idNumber ? sealed.get(idNumber)! : sealIdNumber(null)),
          villageCode,
          householdId: register.households.get(householdCode)!.id,
        }));
        inserted.push(...(await insertChunk(tx, values)));
      }
      await refreshHouseholdCounts({ tx, householdIds: inserted.map((r) => r.householdId), today });
      await writeAudit(tx, {
        actor,
        action: "member.import",
        entity: "member",
        entityId: `import:${inserted[0]!.id}-${inserted[inserted.length - 1]!.id}`,
        villageCode,
        after: {
          fileName,
          count: inserted.length,
          // a summary: who went in, their ID numbers masked; phones never
          members: checked.rows.map((r, i) => ({
            id: inserted[i]!.id,
            household: r.householdCode,
            name: r.name,
            relation: r.relation,
            idNumber: r.idNumber ? maskIdNumber(r.idNumber) : null,
          })),
        },
      });
      return { ok: true as const, count: inserted.length };
    });
  } catch (e) {
    if (e instanceof ImportRefused) return { ...refuse("invalid"), errors: e.errors };
    throw e;
  }
}
