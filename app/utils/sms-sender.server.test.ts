/**
 * The SMS sender over a real network to a Tencent Cloud SendSms stand-in on 127.0.0.1
 * (tests/mocks/local-sms.ts), which checks each request's signature with the shared secret on its
 * own; and the default endpoint (https://sms.tencentcloudapi.com) through msw.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { smsEnvFor, startSmsStub, STUB_SECRET_ID, withEnv, type SmsStub } from "../../tests/mocks/local-sms";
import { tencentHits, tencentSmsServer } from "../../tests/mocks/tencent-sms";
import { getEnv, resetEnvForTests } from "./env.server";
import { sendText, smsConfig, textsEnabled, type TencentSmsConfig } from "./sms-sender.server";

let stub: SmsStub;
let config: TencentSmsConfig;
let restoreEnv: () => void;

const notice = {
  phone: "13800138000",
  payload: { template: "notice" as const, params: ["红河村", "2025", "2026年3月27日", "H0007", "1,234.56", "大米15公斤"] },
};
const AUTH =
  /^TC3-HMAC-SHA256 Credential=AKIDstub0+\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/;

beforeAll(() => {
  tencentSmsServer.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname === "127.0.0.1") return;
      print.error();
    },
  });
});
afterAll(() => tencentSmsServer.close());
beforeEach(async () => {
  stub = await startSmsStub();
  restoreEnv = withEnv(smsEnvFor(stub));
  resetEnvForTests();
  config = smsConfig()!;
  tencentHits.length = 0;
});
afterEach(async () => {
  await stub.close();
  restoreEnv();
  resetEnvForTests();
});

describe("the environment", () => {
  it("reads the provider's settings, with the region and endpoint defaulted", () => {
    const restore = withEnv({ TENCENT_SMS_REGION: undefined, TENCENT_SMS_ENDPOINT: undefined });
    resetEnvForTests();
    try {
      expect(smsConfig()).toEqual({
        secretId: STUB_SECRET_ID,
        secretKey: expect.any(String),
        appId: "1400006666",
        signName: "红河村委会",
        templates: { notice: "1110001", handout: "1110002" },
        region: "ap-guangzhou",
        endpoint: "https://sms.tencentcloudapi.com",
      });
    } finally {
      restore();
    }
  });

  it("refuses to start with SMS_PROVIDER=tencent and a setting missing, naming it", () => {
    const restore = withEnv({ TENCENT_SMS_SECRET_KEY: undefined, TENCENT_SMS_TEMPLATE_HANDOUT: "" });
    resetEnvForTests();
    try {
      expect(() => getEnv()).toThrow(/TENCENT_SMS_SECRET_KEY: is required when SMS_PROVIDER=tencent/);
      expect(() => getEnv()).toThrow(/TENCENT_SMS_TEMPLATE_HANDOUT: is required when SMS_PROVIDER=tencent/);
    } finally {
      restore();
      resetEnvForTests();
    }
  });

  it("has texts off with SMS_PROVIDER unset, and refuses an unknown provider", async () => {
    const restore = withEnv({ SMS_PROVIDER: undefined });
    resetEnvForTests();
    try {
      expect(textsEnabled()).toBe(false);
      expect(await sendText(notice)).toEqual({ ok: false, code: "off", detail: "SMS_PROVIDER" });
      expect(stub.hits).toHaveLength(0);
      process.env.SMS_PROVIDER = "aliyun";
      resetEnvForTests();
      expect(() => getEnv()).toThrow(/SMS_PROVIDER/);
    } finally {
      restore();
      resetEnvForTests();
    }
  });
});

describe("sending to a local stand-in of SendSms", () => {
  it("posts a signed SendSms that the stand-in verifies with the same secret, and reads its Ok", async () => {
    const verdict = await sendText(notice, { config, timeoutMs: 2000 });
    expect(verdict).toEqual({ ok: true });
    expect(stub.hits).toHaveLength(1);
    const [hit] = stub.hits;
    expect(hit.problem).toBeNull();
    expect(hit.signatureOk).toBe(true);
    expect(hit.headers.authorization).toMatch(AUTH);
    expect(hit.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-tc-action": "SendSms",
      "x-tc-version": "2021-01-11",
      "x-tc-region": "ap-guangzhou",
      host: new URL(stub.url).host,
    });
    expect(Math.abs(Number(hit.headers["x-tc-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(hit.body).toEqual({
      PhoneNumberSet: ["+8613800138000"],
      SmsSdkAppId: "1400006666",
      SignName: "红河村委会",
      TemplateId: "1110001",
      TemplateParamSet: notice.payload.params,
    });
  });

  it("uses the hand-out's template for a hand-out text", async () => {
    await sendText({ phone: "13800138000", payload: { template: "handout", params: ["x"] } }, { config });
    expect(stub.hits[0].body.TemplateId).toBe("1110002");
  });

  it("a wrong secret is refused by the stand-in's check, and comes back as the provider's refusal", async () => {
    const verdict = await sendText(notice, { config: { ...config, secretKey: "not-the-secret" } });
    expect(stub.hits[0].signatureOk).toBe(false);
    expect(verdict).toEqual({ ok: false, code: "provider", detail: "AuthFailure.SignatureFailure: signature does not match" });
  });

  it("a number's status other than Ok is a rejection; a number it will never take fails for good", async () => {
    stub.mode.reply = () => ({
      Response: { SendStatusSet: [{ Code: "LimitExceeded.PhoneNumberDailyLimit", Message: "over the daily limit" }] },
    });
    expect(await sendText(notice, { config })).toEqual({
      ok: false,
      code: "rejected",
      detail: "LimitExceeded.PhoneNumberDailyLimit: over the daily limit",
    });
    stub.mode.reply = () => ({ Response: { Error: { Code: "FailedOperation.PhoneNumberInBlacklist", Message: "unsubscribed" } } });
    expect(await sendText(notice, { config })).toMatchObject({ ok: false, code: "number" });
    expect(await sendText({ ...notice, phone: "12345" }, { config })).toMatchObject({ ok: false, code: "number" });
    expect(stub.hits).toHaveLength(2); // the bad number never left the server
  });

  it("an HTTP error, a stand-in that never answers, an address nothing listens on: http, timeout, network", async () => {
    stub.mode.status = 503;
    stub.mode.reply = () => "busy";
    expect(await sendText(notice, { config })).toEqual({ ok: false, code: "http", detail: "503: busy" });
    stub.mode.hang = true;
    expect(await sendText(notice, { config, timeoutMs: 200 })).toEqual({ ok: false, code: "timeout", detail: "200" });
    const url = stub.url;
    await stub.close();
    expect(await sendText(notice, { config: { ...config, endpoint: url } })).toMatchObject({ ok: false, code: "network" });
    stub = await startSmsStub();
  });

  it("a stop during the send comes back as stopped", async () => {
    stub.mode.hang = true;
    const stopping = new AbortController();
    setTimeout(() => stopping.abort(), 50);
    expect(await sendText(notice, { config, timeoutMs: 5000, signal: stopping.signal })).toEqual({
      ok: false,
      code: "stopped",
      detail: "",
    });
  });
});

describe("the default endpoint", () => {
  it("goes to https://sms.tencentcloudapi.com/, signed for host sms.tencentcloudapi.com (through msw)", async () => {
    const restore = withEnv({ TENCENT_SMS_ENDPOINT: undefined });
    resetEnvForTests();
    try {
      expect(await sendText(notice)).toEqual({ ok: true });
    } finally {
      restore();
    }
    expect(tencentHits).toHaveLength(1);
    expect(tencentHits[0].url).toBe("https://sms.tencentcloudapi.com/");
    expect(tencentHits[0].signatureOk).toBe(true);
    expect(tencentHits[0].headers.authorization).toMatch(AUTH);
    expect(tencentHits[0].body.PhoneNumberSet).toEqual(["+8613800138000"]);
    expect(stub.hits).toHaveLength(0);
  });
});
