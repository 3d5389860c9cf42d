/**
 * msw stand-in for Tencent Cloud SMS at its public address (https://sms.tencentcloudapi.com/),
 * for the tests of the default endpoint: each request is recorded with its headers and JSON body,
 * its signature checked as the local stub does (tests/mocks/local-sms.ts), and answered "Ok".
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { sentReply, STUB_SECRET_ID, STUB_SECRET_KEY, verifyTc3, type SmsHit } from "./local-sms";

export const TENCENT_SMS_URL = "https://sms.tencentcloudapi.com/";
export const tencentHits: (SmsHit & { url: string })[] = [];

export const tencentSmsServer = setupServer(
  http.post(TENCENT_SMS_URL, async ({ request }) => {
    const raw = await request.text();
    // node's header names, lower-case, as the signature check reads them
    const headers = Object.fromEntries([...request.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
    headers.host ??= new URL(request.url).host;
    const problem = verifyTc3(headers, raw, STUB_SECRET_ID, STUB_SECRET_KEY);
    const hit = { url: request.url, headers, raw, body: JSON.parse(raw), signatureOk: problem === null, problem };
    tencentHits.push(hit);
    if (problem) return HttpResponse.json({ Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: problem } } });
    return HttpResponse.json(sentReply(hit));
  }),
);
