/**
 * A person's ID number at rest: encrypted (AES-256-GCM), a keyed hash to find duplicates and an
 * exact number, and the last four digits to search by. The full number is read back only for the
 * village's secretary (the edit form, the filing export on request), and that read is audited by
 * its caller.
 */
import { canStoreSecrets, decryptSecret, encryptSecret, keyedHash } from "~/utils/secret-box.server";

export type SealedIdNumber = { idNumberCiphertext: string; idNumberHash: string; idLast4: string };
export const NO_ID_NUMBER = { idNumberCiphertext: null, idNumberHash: null, idLast4: null } as const;

/** whether ID numbers can be kept here (no key on a PostgreSQL server without NOTIFY_SECRET_KEY) */
export const canKeepIdNumbers = canStoreSecrets;

/** the columns for a valid, normalised number (or none) */
export function sealIdNumber(idNumber: string | null): SealedIdNumber | typeof NO_ID_NUMBER {
  if (!idNumber) return NO_ID_NUMBER;
  return { idNumberCiphertext: encryptSecret(idNumber), idNumberHash: idNumberHash(idNumber), idLast4: idNumber.slice(-4) };
}

/** the keyed hash an exact number is looked up by */
export function idNumberHash(idNumber: string): string {
  return keyedHash(`id-number:${idNumber}`);
}

/** the full number from its stored form */
export function revealIdNumber(ciphertext: string | null): string | null {
  return ciphertext ? decryptSecret(ciphertext) : null;
}
