/**
 * Encrypts the few secrets the app keeps (DingTalk robots' signing secrets, members' ID numbers)
 * with AES-256-GCM, and gives a keyed hash (HMAC-SHA256 under a key derived from the same one) to
 * find an encrypted value again without decrypting every row.
 *
 * The key is NOTIFY_SECRET_KEY (32 bytes, Base64). Without it:
 * - embedded mode (PGlite on disk): a random key is made once and kept in `notify-secret.key`
 *   beside PGLITE_DIR (mode 0600), so secrets survive restarts of the one process;
 * - embedded in memory (tests): a random key per process;
 * - PostgreSQL (DATABASE_URL, possibly several servers): no key, so saving a secret is refused
 *   (every server must share one key: set NOTIFY_SECRET_KEY).
 *
 * Stored form: `v1:` + Base64(iv 12 bytes ‖ tag 16 bytes ‖ ciphertext).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";

let memoryKey: Buffer | undefined;
let envKey: { text: string; key: Buffer } | undefined;
// read once per process: an import hashes thousands of ID numbers
let fileKey: { file: string; key: Buffer } | undefined;

function keyFilePath(pgliteDir: string) {
  return path.join(path.dirname(path.resolve(pgliteDir)), "notify-secret.key");
}

/** The key, or null when none may be used (PostgreSQL without NOTIFY_SECRET_KEY). */
export function secretKey(): Buffer | null {
  const env = getEnv();
  if (env.NOTIFY_SECRET_KEY) {
    if (envKey?.text !== env.NOTIFY_SECRET_KEY) envKey = { text: env.NOTIFY_SECRET_KEY, key: Buffer.from(env.NOTIFY_SECRET_KEY, "base64") };
    return envKey.key;
  }
  if (env.DATABASE_URL) return null;
  if (env.PGLITE_DIR.startsWith("memory://")) return (memoryKey ??= randomBytes(32));
  const file = keyFilePath(env.PGLITE_DIR);
  if (fileKey?.file === file) return fileKey.key;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte Base64 key`);
  fileKey = { file, key };
  return key;
}

export function canStoreSecrets(): boolean {
  return secretKey() != null;
}

export function encryptSecret(plain: string): string {
  const key = secretKey();
  if (!key) throw new Error("NOTIFY_SECRET_KEY is not set: secrets cannot be stored");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return "v1:" + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64");
}

export function decryptSecret(stored: string): string {
  const key = secretKey();
  if (!key) throw new Error("NOTIFY_SECRET_KEY is not set: the stored secret cannot be read");
  if (!stored.startsWith("v1:")) throw new Error("unknown secret format");
  const raw = Buffer.from(stored.slice(3), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

let hashKeyFor: { key: Buffer; derived: Buffer } | undefined;

/** HMAC-SHA256 (hex) of `value` under a sub-key of the secret key: equal values, equal hashes, and nothing to read back. */
export function keyedHash(value: string): string {
  const key = secretKey();
  if (!key) throw new Error("NOTIFY_SECRET_KEY is not set: the keyed hash cannot be made");
  if (hashKeyFor?.key !== key)
    hashKeyFor = { key, derived: Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "village-ledger keyed hash v1", 32)) };
  return createHmac("sha256", hashKeyFor.derived).update(value, "utf8").digest("hex");
}
