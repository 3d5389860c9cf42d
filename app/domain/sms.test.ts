import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clipParam,
  e164Phone,
  goodsText,
  handoutParams,
  isFinalSmsFailure,
  noticeParams,
  readSendSmsReply,
  sendSmsBody,
  SMS_PARAM_MAX,
  smsDate,
  smsText,
} from "./sms";

const rice = { item: "大米", unit: "kg" };
const part = { code: "H0007", cashFen: 123_456n, inKindUnits: 15n };

describe("what a text says", () => {
  it("the notice: village, year, the notice's last day, the household and its own cash and goods", () => {
    const params = noticeParams({ villageName: "红河村", year: 2025, part, inKind: rice, noticeTo: "2026-03-27" });
    expect(params).toEqual(["红河村", "2025", "2026年3月27日", "H0007", "1,234.56", "大米15公斤"]);
    expect(smsText({ template: "notice", params })).toBe(
      "红河村2025年度收益分配方案公示至2026年3月27日，您户（户号H0007）应得现金1,234.56元、实物大米15公斤。如有异议请在公示期内向村委会提出。",
    );
  });

  it("the hand-out: its date and place, and the household's own part; no goods reads 无", () => {
    const params = handoutParams({
      villageName: "红河村",
      year: 2025,
      part: { code: "H0001", cashFen: 50_000n, inKindUnits: 0n },
      inKind: null,
      handoutOn: "2026-01-20",
      handoutPlace: "岗上组广场",
    });
    expect(smsText({ template: "handout", params })).toBe(
      "红河村2025年度收益分配定于2026年1月20日在岗上组广场发放，您户（户号H0001）应得现金500元、实物无，请按时领取。",
    );
  });

  it("keeps every parameter within the template's variable length, cutting a long place with …", () => {
    const params = handoutParams({
      villageName: "红河村",
      year: 2025,
      part,
      inKind: rice,
      handoutOn: "2026-01-20",
      handoutPlace: "红河村村民委员会办公楼一楼会议室",
    });
    expect(params[3]).toBe("红河村村民委员会办公楼…");
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        const c = clipParam(s);
        expect(Array.from(c).length).toBeLessThanOrEqual(SMS_PARAM_MAX);
        if (Array.from(s.trim()).length <= SMS_PARAM_MAX) expect(c).toBe(s.trim());
      }),
    );
  });

  it("words goods, dates and numbers as a text needs them", () => {
    expect(goodsText({ inKindUnits: 0n }, rice)).toBe("无");
    expect(goodsText({ inKindUnits: 3n }, { item: "菜籽油", unit: "L" })).toBe("菜籽油3升");
    expect(smsDate("2026-12-01")).toBe("2026年12月1日");
    expect(e164Phone("13800138000")).toBe("+8613800138000");
    expect(e164Phone("+86 138-0013-8000")).toBe("+8613800138000");
    expect(e164Phone("8613800138000")).toBe("+8613800138000");
    expect(e164Phone("0851-1234567")).toBeNull();
  });

  it("builds SendSms's body with every parameter a string", () => {
    expect(
      sendSmsBody({ phone: "+8613800138000", appId: "1400006666", signName: "红河村委会", templateId: "1110001", params: ["a", "2"] }),
    ).toEqual({
      PhoneNumberSet: ["+8613800138000"],
      SmsSdkAppId: "1400006666",
      SignName: "红河村委会",
      TemplateId: "1110001",
      TemplateParamSet: ["a", "2"],
    });
  });
});

describe("reading SendSms's answer", () => {
  it("a status Code Ok is sent; another code is a rejection with its code and message", () => {
    expect(readSendSmsReply(200, JSON.stringify({ Response: { SendStatusSet: [{ Code: "Ok", Message: "send success" }] } }))).toEqual({
      ok: true,
    });
    expect(
      readSendSmsReply(
        200,
        JSON.stringify({ Response: { SendStatusSet: [{ Code: "LimitExceeded.PhoneNumberDailyLimit", Message: "daily limit" }] } }),
      ),
    ).toEqual({ ok: false, code: "rejected", detail: "LimitExceeded.PhoneNumberDailyLimit: daily limit" });
  });

  it("Response.Error is the provider's refusal; a number it will never take is final", () => {
    expect(
      readSendSmsReply(200, JSON.stringify({ Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad" } } })),
    ).toEqual({
      ok: false,
      code: "provider",
      detail: "AuthFailure.SignatureFailure: bad",
    });
    const wrong = readSendSmsReply(
      200,
      JSON.stringify({ Response: { SendStatusSet: [{ Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "x" }] } }),
    );
    expect(wrong).toMatchObject({ ok: false, code: "number" });
    expect(isFinalSmsFailure("number")).toBe(true);
    expect(isFinalSmsFailure("provider")).toBe(false);
  });

  it("a non-2xx status, an unreadable body or an empty status list are failures to retry", () => {
    expect(readSendSmsReply(502, "Bad Gateway")).toEqual({ ok: false, code: "http", detail: "502: Bad Gateway" });
    expect(readSendSmsReply(200, "<html>")).toMatchObject({ ok: false, code: "unreadable" });
    expect(readSendSmsReply(200, JSON.stringify({ Response: { SendStatusSet: [] } }))).toMatchObject({ ok: false, code: "unreadable" });
    expect(readSendSmsReply(200, "{}")).toMatchObject({ ok: false, code: "unreadable" });
  });
});
