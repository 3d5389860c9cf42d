/**
 * Tencent Cloud API 3.0's request signature, TC3-HMAC-SHA256, as its strings: pure, no hashing
 * here (app/utils/tc3-signer.server.ts hashes and signs with node:crypto). A POST with a JSON body:
 *
 *   CanonicalRequest = "POST\n/\n\n" + "content-type:application/json; charset=utf-8\nhost:<host>\n" + "\n"
 *                      + "content-type;host\n" + hex(SHA256(body))
 *   StringToSign     = "TC3-HMAC-SHA256\n" + timestamp + "\n" + "<UTC date>/<service>/tc3_request\n"
 *                      + hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 *   Signature        = hex(HMAC(key, StringToSign))
 *   Authorization    = "TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=content-type;host, Signature=<Signature>"
 *
 * The date is the UTC calendar day of the timestamp (X-TC-Timestamp, seconds), not China's.
 */

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
export const TC3_CONTENT_TYPE = "application/json; charset=utf-8";
export const TC3_SIGNED_HEADERS = "content-type;host";

/** The UTC day of a Unix timestamp in seconds, YYYY-MM-DD. */
export function tc3Date(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export function tc3CredentialScope(date: string, service: string): string {
  return `${date}/${service}/tc3_request`;
}

/** The canonical request of a POST to "/" with no query and a JSON body whose SHA-256 (hex) is given. */
export function tc3CanonicalRequest(host: string, hashedPayloadHex: string): string {
  const canonicalHeaders = `content-type:${TC3_CONTENT_TYPE}\nhost:${host.toLowerCase()}\n`;
  return ["POST", "/", "", canonicalHeaders, TC3_SIGNED_HEADERS, hashedPayloadHex].join("\n");
}

export function tc3StringToSign(timestampSeconds: number, scope: string, hashedCanonicalRequestHex: string): string {
  return [TC3_ALGORITHM, String(timestampSeconds), scope, hashedCanonicalRequestHex].join("\n");
}

export function tc3Authorization(secretId: string, scope: string, signatureHex: string): string {
  return `${TC3_ALGORITHM} Credential=${secretId}/${scope}, SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signatureHex}`;
}
