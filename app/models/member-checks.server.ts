/**
 * What the register's writes check inside their transaction: the village's lock, the household a
 * 户号 names, an ID number another current member holds, the household's other current 户主, and
 * the person as stored. Each refusal names the form field it is about.
 */
import { and, eq, gt, isNull, ne, or } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { households, members, villages } from "@db/schema";
import { MEMBER_FORM_MESSAGES } from "~/domain/members";
import { refuse } from "~/domain/refusal";
import { message } from "~/i18n/message";
import { revealIdNumber } from "./member-identity.server";
import { selectMembers } from "./member-rows.server";

const M = MEMBER_FORM_MESSAGES;
export const currentOn = (today: string) => or(isNull(members.lostOn), gt(members.lostOn, today));

/** one writer at a time per village: the duplicate and 户主 checks read what the others wrote */
export async function lockVillage(tx: Tx, villageCode: string) {
  await tx.select({ code: villages.code }).from(villages).where(eq(villages.code, villageCode)).for("no key update");
}

export async function householdByCode(tx: Tx, villageCode: string, code: string) {
  const [h] = await tx
    .select({ id: households.id, code: households.code, leftOn: households.leftOn })
    .from(households)
    .where(and(eq(households.villageCode, villageCode), eq(households.code, code)));
  if (!h)
    return refuse("invalid", { field: "householdCode", message: message(`本村没有户号 ${code}`, `No household ${code} in this village`) });
  if (h.leftOn)
    return refuse("invalid", {
      field: "householdCode",
      message: message(`户号 ${code} 已于 ${h.leftOn} 退社，不能登记成员`, `Household ${code} left on ${h.leftOn}; it takes no members`),
    });
  return h;
}

/** a current member of the village holding this number (another than `exceptId`) */
export async function duplicateOf(tx: Tx, villageCode: string, hash: string, today: string, exceptId?: number) {
  const [d] = await tx
    .select({ name: members.name, code: households.code })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(
      and(
        eq(members.villageCode, villageCode),
        eq(members.idNumberHash, hash),
        currentOn(today),
        exceptId ? ne(members.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return d
    ? refuse("duplicate", {
        field: "idNumber",
        message: message(
          `该身份证号已登记在本村成员 ${d.name}（户号 ${d.code}）名下，同一人不能登记两次`,
          `This ID number is already registered to ${d.name} (household ${d.code}) of this village; one person is registered once`,
        ),
      })
    : null;
}

/** the household's other current 户主, as a refusal */
export async function otherHead(tx: Tx, householdId: number, code: string, today: string, exceptId?: number) {
  const [h] = await tx
    .select({ name: members.name })
    .from(members)
    .where(
      and(
        eq(members.householdId, householdId),
        eq(members.relation, "head"),
        currentOn(today),
        exceptId ? ne(members.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return h
    ? refuse("invalid", {
        field: "relation",
        message: message(
          `户号 ${code} 已有户主 ${h.name}；一户只有一位户主，请先修改其与户主关系`,
          `Household ${code} already has a head, ${h.name}; a household has one head, so change that person's relation first`,
        ),
      })
    : null;
}

export const noKey = () => refuse("invalid", { field: "idNumber", message: M.noKey });

/** the person as stored, for a change (null: not in this village) */
export async function storedMember(tx: Tx, villageCode: string, memberId: number) {
  const [row] = await selectMembers(tx).where(and(eq(members.villageCode, villageCode), eq(members.id, memberId)));
  return row ?? null;
}

export function readable(ciphertext: string | null): string | null {
  try {
    return revealIdNumber(ciphertext);
  } catch {
    return null;
  }
}
