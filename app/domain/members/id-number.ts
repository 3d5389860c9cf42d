/**
 * 居民身份证号 (GB 11643-1999): 6 digits of the address code, 8 of the birth date, 3 of a sequence
 * (odd for men, even for women) and a check character (ISO 7064 MOD 11-2, `X` for 10). Pure.
 */
import { isIsoDate } from "../dates";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";
const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** What people type, made plain: spaces gone, full-width digits and a lower-case x made ordinary. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/\s+/g, "")
    .replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

export type IdNumberProblem = "shape" | "birth_date" | "check_digit";

/** Why a (normalised) number is not a valid 18-character ID number, or null when it is. */
export function idNumberProblem(id: string): IdNumberProblem | null {
  if (!SHAPE.test(id)) return "shape";
  if (!isIsoDate(birthDateOf(id))) return "birth_date";
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return "check_digit";
  return null;
}

export function isValidIdNumber(id: string): boolean {
  return idNumberProblem(id) === null;
}

/** `YYYY-MM-DD` from digits 7–14 (not checked). */
export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function sexOf(id: string): "male" | "female" {
  return Number(id[16]) % 2 === 1 ? "male" : "female";
}

/** Shown everywhere but the secretary's edit form: the address's first four and the last four, `5203**********1234`. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 4)}${"*".repeat(10)}${id.slice(14)}` : "*".repeat(id.length);
}

/** A phone shown masked: `138****5678`. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, "");
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : "****";
}

/** A valid number for an address code, birth date and sequence (demo data and tests). */
export function makeIdNumber(address6: string, birthDate: string, sequence3: number): string {
  const first17 = address6 + birthDate.replaceAll("-", "") + String(sequence3 % 1000).padStart(3, "0");
  return first17 + checkCharacter(first17);
}
