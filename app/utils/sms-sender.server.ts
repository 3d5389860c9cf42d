/**
 * Sends one text through Tencent Cloud SMS (API 3.0, SendSms, version 2021-01-11), signed with
 * TC3-HMAC-SHA256. Never throws: a network error, a timeout, a non-2xx status, Response.Error or
 * a number's status other than "Ok" comes back as { ok: false, code, detail } (app/domain/sms.ts),
 * and the outbox retries or gives up as for the robots. `signal` ends the send early (the server
 * is stopping): { ok: false, code: "stopped" }.
 */
import { e164Phone, readSendSmsReply, sendSmsBody, type SmsPayload, type SmsVerdict } from "~/domain/sms";
import { now } from "./clock.server";
import { getEnv, type Env } from "./env.server";
import { tc3Headers } from "./tc3-signer.server";

export type TencentSmsConfig = {
  secretId: string;
  secretKey: string;
  appId: string;
  signName: string;
  templates: Record<SmsPayload["template"], string>;
  region: string;
  endpoint: string;
};

/** The provider's settings, or null when texts are off (SMS_PROVIDER unset). */
export function smsConfig(env: Env = getEnv()): TencentSmsConfig | null {
  if (env.SMS_PROVIDER !== "tencent") return null;
  // the environment check (env.server.ts) makes every one of these present when the provider is set
  return {
    secretId: env.TENCENT_SMS_SECRET_ID!,
    secretKey: env.TENCENT_SMS_SECRET_KEY!,
    appId: env.TENCENT_SMS_SDK_APP_ID!,
    signName: env.TENCENT_SMS_SIGN_NAME!,
    templates: { notice: env.TENCENT_SMS_TEMPLATE_NOTICE!, handout: env.TENCENT_SMS_TEMPLATE_HANDOUT! },
    region: env.TENCENT_SMS_REGION,
    endpoint: env.TENCENT_SMS_ENDPOINT,
  };
}

/** Texts are switched on in this server. */
export const textsEnabled = () => smsConfig() !== null;

export type TextMessage = { phone: string; payload: SmsPayload };

export async function sendText(
  message: TextMessage,
  opts: { timeoutMs?: number; nowMs?: number; signal?: AbortSignal; config?: TencentSmsConfig | null } = {},
): Promise<SmsVerdict> {
  const config = opts.config === undefined ? smsConfig() : opts.config;
  if (!config) return { ok: false, code: "off", detail: "SMS_PROVIDER" };
  const phone = e164Phone(message.phone);
  if (!phone) return { ok: false, code: "number", detail: "" };
  const templateId = config.templates[message.payload.template];
  if (!templateId) return { ok: false, code: "off", detail: `template ${message.payload.template}` };
  const timeoutMs = opts.timeoutMs ?? getEnv().ROBOT_TIMEOUT_MS;
  const url = new URL(config.endpoint);
  const payload = JSON.stringify(
    sendSmsBody({ phone, appId: config.appId, signName: config.signName, templateId, params: message.payload.params }),
  );
  const headers = tc3Headers({
    secretId: config.secretId,
    secretKey: config.secretKey,
    service: "sms",
    // what fetch sends as Host: the host, with the port when it is not the scheme's
    host: url.host,
    payload,
    timestamp: Math.floor((opts.nowMs ?? now().getTime()) / 1000),
    action: "SendSms",
    version: "2021-01-11",
    region: config.region,
  });
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: payload,
      signal: opts.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), opts.signal]) : AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    return readSendSmsReply(res.status, await res.text());
  } catch (e) {
    const err = e as Error;
    if (opts.signal?.aborted) return { ok: false, code: "stopped", detail: "" };
    if (err.name === "TimeoutError" || err.name === "AbortError") return { ok: false, code: "timeout", detail: String(timeoutMs) };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, code: "network", detail: [err.message, cause?.code ?? cause?.message].filter(Boolean).join(": ").slice(0, 300) };
  }
}
