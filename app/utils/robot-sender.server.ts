/**
 * Sends one message to a group robot over HTTP (fetch, with a timeout). Never throws: a network
 * error, a timeout, a non-2xx status or errcode ≠ 0 comes back as { ok: false, error }.
 */
import { createHmac } from "node:crypto";
import { dingtalkSignedUrl, dingtalkStringToSign, readRobotReply, robotBody, type RobotKind, type RobotMessage, type RobotVerdict } from "~/domain/robots";
import { now } from "./clock.server";
import { getEnv } from "./env.server";

export type RobotTarget = { kind: RobotKind; webhookUrl: string; /** DingTalk's signing secret, decrypted */ secret: string | null };

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(dingtalkStringToSign(timestampMs, secret), "utf8").digest("base64");
}

export async function sendToRobot(
  target: RobotTarget,
  message: RobotMessage,
  opts: { timeoutMs?: number; nowMs?: number } = {},
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
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    return readRobotReply(res.status, await res.text());
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError") return { ok: false, error: `timeout after ${timeoutMs} ms` };
    return { ok: false, error: `network: ${err.message}`.slice(0, 300) };
  }
}
