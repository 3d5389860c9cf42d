/**
 * Sends one message to a group robot over HTTP (fetch, with a timeout). Never throws: a network
 * error, a timeout, a non-2xx status or errcode ≠ 0 comes back as { ok: false, code, detail }.
 * `signal` ends the send early (the server is stopping): { ok: false, code: "stopped" }.
 */
import { createHmac } from "node:crypto";
import {
  dingtalkSignedUrl,
  dingtalkStringToSign,
  readRobotReply,
  robotBody,
  type RobotKind,
  type RobotMessage,
  type RobotVerdict,
} from "~/domain/robots";
import { now } from "./clock.server";
import { getEnv } from "./env.server";

export type RobotTarget = { kind: RobotKind; webhookUrl: string; /** DingTalk's signing secret, decrypted */ secret: string | null };

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(dingtalkStringToSign(timestampMs, secret), "utf8").digest("base64");
}

export async function sendToRobot(
  target: RobotTarget,
  message: RobotMessage,
  opts: { timeoutMs?: number; nowMs?: number; signal?: AbortSignal } = {},
): Promise<RobotVerdict> {
  const timeoutMs = opts.timeoutMs ?? getEnv().ROBOT_TIMEOUT_MS;
  let url = target.webhookUrl;
  if (target.kind === "dingtalk" && target.secret) {
    const ts = opts.nowMs ?? now().getTime();
    url = dingtalkSignedUrl(url, ts, dingtalkSign(ts, target.secret));
  }
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(robotBody(target.kind, message)),
      signal: opts.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), opts.signal]) : AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    return readRobotReply(res.status, await res.text());
  } catch (e) {
    const err = e as Error;
    if (opts.signal?.aborted) return { ok: false, code: "stopped", detail: "" };
    if (err.name === "TimeoutError" || err.name === "AbortError") return { ok: false, code: "timeout", detail: String(timeoutMs) };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, code: "network", detail: [err.message, cause?.code ?? cause?.message].filter(Boolean).join(": ").slice(0, 300) };
  }
}
