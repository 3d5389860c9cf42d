/**
 * TC3-HMAC-SHA256: Tencent Cloud's documented example (CVM DescribeInstances, timestamp
 * 1551113065) gives its published intermediate hashes and signature; and a SendSms request is
 * signed again here step by step with WebCrypto, apart from the app's node:crypto code.
 */
import { describe, expect, it } from "vitest";
import { tc3CanonicalRequest, tc3CredentialScope, tc3Date, tc3StringToSign } from "~/domain/tc3-signature";
import { sha256Hex, tc3Headers, tc3Sign } from "./tc3-signer.server";

/** the example's key pair exactly as Tencent Cloud's signature page prints it (masked there) */
const DOC = {
  secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
  secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
  service: "cvm",
  host: "cvm.tencentcloudapi.com",
  timestamp: 1551113065,
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

const hex = (buf: ArrayBuffer) => Buffer.from(buf).toString("hex");
const enc = (s: string) => new TextEncoder().encode(s);
async function webSha256(s: string) {
  return hex(await crypto.subtle.digest("SHA-256", enc(s)));
}
async function webHmac(key: Uint8Array<ArrayBuffer>, s: string) {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, enc(s)));
}

describe("TC3-HMAC-SHA256", () => {
  it("reproduces Tencent Cloud's documented example: payload hash, canonical request hash, signature and Authorization", () => {
    expect(sha256Hex(DOC.payload)).toBe("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    const canonical = tc3CanonicalRequest(DOC.host, sha256Hex(DOC.payload));
    expect(canonical).toBe(
      "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n" +
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
    );
    expect(sha256Hex(canonical)).toBe("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    expect(tc3StringToSign(DOC.timestamp, tc3CredentialScope(tc3Date(DOC.timestamp), "cvm"), sha256Hex(canonical))).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    );
    const signed = tc3Sign(DOC);
    expect(signed.signature).toBe("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    expect(signed.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, " +
        "SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    );
  });

  it("dates the credential by the timestamp's UTC day, not China's (07:30 in Beijing is still yesterday in UTC)", () => {
    const ts = Date.parse("2026-03-20T00:30:00Z") / 1000 - 3600; // 2026-03-19T23:30Z = 07:30 on the 20th in Beijing
    expect(tc3Date(ts)).toBe("2026-03-19");
    expect(tc3Sign({ ...DOC, service: "sms", timestamp: ts }).scope).toBe("2026-03-19/sms/tc3_request");
  });

  it("signs a SendSms request as a step-by-step WebCrypto computation does", async () => {
    const r = {
      secretId: "AKIDexample",
      secretKey: "k3y-example",
      service: "sms",
      host: "sms.tencentcloudapi.com",
      timestamp: 1774000000,
      payload: JSON.stringify({ PhoneNumberSet: ["+8613800138000"], SmsSdkAppId: "1400006666", TemplateParamSet: ["红河村", "2025"] }),
    };
    const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
    const canonical = [
      "POST",
      "/",
      "",
      "content-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\n",
      "content-type;host",
      await webSha256(r.payload),
    ].join("\n");
    const toSign = ["TC3-HMAC-SHA256", String(r.timestamp), `${date}/sms/tc3_request`, await webSha256(canonical)].join("\n");
    const kDate = await webHmac(enc(`TC3${r.secretKey}`), date);
    const kService = await webHmac(kDate, "sms");
    const kSigning = await webHmac(kService, "tc3_request");
    const expected = Buffer.from(await webHmac(kSigning, toSign)).toString("hex");

    expect(tc3Sign(r).signature).toBe(expected);
    const headers = tc3Headers({ ...r, action: "SendSms", version: "2021-01-11", region: "ap-guangzhou" });
    expect(headers).toEqual({
      Authorization: `TC3-HMAC-SHA256 Credential=AKIDexample/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${expected}`,
      "Content-Type": "application/json; charset=utf-8",
      "X-TC-Action": "SendSms",
      "X-TC-Timestamp": "1774000000",
      "X-TC-Version": "2021-01-11",
      "X-TC-Region": "ap-guangzhou",
    });
  });
});
