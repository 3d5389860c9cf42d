import { randomInt } from "node:crypto";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

/** argon2id, 19 MiB, 2 passes, 1 lane: OWASP's first recommended setting. */
const ARGON2 = {
  algorithm: 2 as Algorithm, // Argon2id (a const enum upstream, hence the number)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as a real check when there is no such user, so that the answer's timing
 * does not tell which usernames exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword("no-such-user-placeholder");
  await verifyPassword(await dummy, password);
  return false;
}

// no 0/O, 1/l/I: read aloud or copied from a screen without mistakes
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A one-time password to hand to a new user: 12 characters in three groups, ~59 bits. */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let s = "";
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join("-");
}
