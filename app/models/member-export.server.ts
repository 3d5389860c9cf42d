/**
 * The 成员名册 for filing (export and print): every person of the village confirmed on or before
 * a date, in one query, with their ID numbers as they may be shown — masked for everyone, in full
 * only when the village's secretary asks (the route checks who asks; this module audits the read).
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { collectives, households, members } from "@db/schema";
import { maskIdNumber } from "~/domain/members";
import type { FilingPerson } from "~/domain/members/export";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { canKeepIdNumbers, revealIdNumber } from "./member-identity.server";

export type IdShown = "masked" | "full";

/** Masked from the number itself, or — when it cannot be read here (no key) — from its last four. */
function maskedId(ciphertext: string | null, last4: string | null): string | null {
  if (!ciphertext) return null;
  if (canKeepIdNumbers()) {
    try {
      return maskIdNumber(revealIdNumber(ciphertext)!);
    } catch {
      // a key changed since: the last four still say which number it is
    }
  }
  return `${"*".repeat(14)}${last4 ?? "****"}`;
}

export async function registerForFiling({
  db,
  villageCode,
  on,
  ids,
}: {
  db: DbOrTx;
  villageCode: string;
  on: string;
  ids: IdShown;
}): Promise<{ ok: true; persons: FilingPerson[] } | Refusal<"wrong_state">> {
  if (ids === "full" && !canKeepIdNumbers()) {
    return refuse("wrong_state", {
      message: {
        zh: "本服务器未设置密钥（NOTIFY_SECRET_KEY），无法读出完整身份证号",
        en: "This server has no secret key (NOTIFY_SECRET_KEY): full ID numbers cannot be read",
      },
    });
  }
  const rows = await db
    .select({
      id: members.id,
      householdId: members.householdId,
      householdCode: households.code,
      householdHead: households.headName,
      name: members.name,
      relation: members.relation,
      sex: members.sex,
      birthDate: members.birthDate,
      idNumberCiphertext: members.idNumberCiphertext,
      idLast4: members.idLast4,
      confirmedOn: members.confirmedOn,
      confirmationBasis: members.confirmationBasis,
      lostOn: members.lostOn,
      lossReason: members.lossReason,
      lossNote: members.lossNote,
    })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(and(eq(members.villageCode, villageCode), lte(members.confirmedOn, on)))
    .orderBy(asc(households.code), asc(members.id));
  const persons: FilingPerson[] = [];
  for (const { idNumberCiphertext, idLast4, ...r } of rows) {
    let idNumber: string | null;
    if (ids === "full" && idNumberCiphertext) {
      try {
        idNumber = revealIdNumber(idNumberCiphertext);
      } catch {
        return refuse("wrong_state", {
          message: {
            zh: "身份证号无法解密：密钥已更换，请联系管理员",
            en: "The ID numbers cannot be decrypted (the key has changed): ask the administrator",
          },
        });
      }
    } else idNumber = maskedId(idNumberCiphertext, idLast4);
    persons.push({ ...r, idNumber });
  }
  return { ok: true, persons };
}

/** The organisation's name as registered (e.g. 红河村股份经济合作社), or null when none is recorded. */
export async function organisationName({ db, villageCode }: { db: DbOrTx; villageCode: string }): Promise<string | null> {
  const [c] = await db.select({ name: collectives.name }).from(collectives).where(eq(collectives.villageCode, villageCode));
  return c?.name ?? null;
}

/** The audit row of a download with full ID numbers: who, which register, how many (never the numbers). */
export async function auditFullIdExport({
  db,
  actor,
  villageCode,
  on,
  format,
  count,
  ip,
}: {
  db: DbOrTx;
  actor: AuditActor;
  villageCode: string;
  on: string;
  format: "csv" | "xlsx";
  count: number;
  ip: string | null;
}) {
  await writeAudit(db, {
    actor,
    action: "member.export_full_ids",
    entity: "member",
    entityId: `export:${villageCode}:${on}`,
    villageCode,
    after: { on, format, count },
    ip,
  });
}
