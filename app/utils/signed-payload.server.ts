/**
 * Data the server hands to the browser and must get back unchanged — an import's checked rows,
 * carried in a hidden field from the preview to the commit. The JSON is deflated and signed with
 * HMAC-SHA256 under SESSION_SECRET (or a random key per process when it is unset: see
 * app/utils/env.server.ts). A token names its purpose (e.g. "import:households:<village>:<user>")
 * and an expiry, so a preview of one village, register or user cannot be committed as another's.
 * The signature is checked before anything is inflated or parsed.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { getEnv } from "./env.server";
import { now } from "./clock.server";

let processKey: Buffer | undefined;
function key(): Buffer {
  const secret = getEnv().SESSION_SECRET;
  if (secret) return Buffer.from(secret, "utf8");
  processKey ??= randomBytes(32);
  return processKey;
}

const mac = (purpose: string, body: string) => createHmac("sha256", key()).update(purpose).update("\u0000").update(body).digest();

/** A token is refused before verification beyond this length (a 20,000-row import deflates well under it). */
export const MAX_TOKEN_CHARS = 8 * 1024 * 1024;

export function signPayload(purpose: string, data: unknown, ttlMs: number): string {
  const json = JSON.stringify({ exp: now().getTime() + ttlMs, data });
  const body = deflateRawSync(Buffer.from(json, "utf8")).toString("base64url");
  return `${body}.${mac(purpose, body).toString("base64url")}`;
}

export type VerifyResult = { ok: true; data: unknown } | { ok: false; reason: "invalid" | "expired" };

export function verifyPayload(purpose: string, token: unknown): VerifyResult {
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS) return { ok: false, reason: "invalid" };
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return { ok: false, reason: "invalid" };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = mac(purpose, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  try {
    const parsed = JSON.parse(inflateRawSync(Buffer.from(body, "base64url")).toString("utf8")) as { exp?: unknown; data?: unknown };
    if (typeof parsed.exp !== "number" || parsed.exp < now().getTime()) return { ok: false, reason: "expired" };
    return { ok: true, data: parsed.data };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}
