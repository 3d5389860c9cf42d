/**
 * Signs a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256) with node:crypto; the strings it signs
 * are built in app/domain/tc3-signature.ts. Returns the headers the request carries.
 */
import { createHash, createHmac } from "node:crypto";
import {
  TC3_CONTENT_TYPE,
  tc3Authorization,
  tc3CanonicalRequest,
  tc3CredentialScope,
  tc3Date,
  tc3StringToSign,
} from "~/domain/tc3-signature";

export const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

export type Tc3Request = {
  secretId: string;
  secretKey: string;
  /** "sms" */
  service: string;
  /** as the request's Host header carries it: "sms.tencentcloudapi.com" (or "127.0.0.1:port" for a stub) */
  host: string;
  /** the exact JSON body sent */
  payload: string;
  /** Unix seconds */
  timestamp: number;
};

/** The signature (hex) and the Authorization header of a request. */
export function tc3Sign(r: Tc3Request): { signature: string; authorization: string; scope: string } {
  const date = tc3Date(r.timestamp);
  const scope = tc3CredentialScope(date, r.service);
  const canonical = tc3CanonicalRequest(r.host, sha256Hex(r.payload));
  const toSign = tc3StringToSign(r.timestamp, scope, sha256Hex(canonical));
  const key = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), "tc3_request");
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  return { signature, authorization: tc3Authorization(r.secretId, scope, signature), scope };
}

/** Every header of a signed API 3.0 call (Host is the URL's, set by fetch itself). */
export function tc3Headers(r: Tc3Request & { action: string; version: string; region: string }): Record<string, string> {
  return {
    Authorization: tc3Sign(r).authorization,
    "Content-Type": TC3_CONTENT_TYPE,
    "X-TC-Action": r.action,
    "X-TC-Timestamp": String(r.timestamp),
    "X-TC-Version": r.version,
    "X-TC-Region": r.region,
  };
}
