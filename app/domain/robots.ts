/**
 * The group robots' protocols, pure: what to send and how to read the answer. No I/O, no clock:
 * the caller passes the time and the HMAC (app/utils/robot-sender.server.ts does the sending).
 *
 * DingTalk custom robot (钉钉自定义机器人): with "加签", the webhook URL gets `timestamp` (ms) and
 * `sign` = urlencode(base64(HMAC-SHA256(key = secret, data = `${timestamp}\n${secret}`))).
 * Body `{ msgtype: "markdown", markdown: { title, text } }`.
 * WeCom group robot (企业微信群机器人): body `{ msgtype: "markdown", markdown: { content } }`.
 * Both answer `{ errcode, errmsg }`; errcode ≠ 0 is a failure, as is any non-2xx status.
 */

export type RobotKind = "dingtalk" | "wecom";
export type RobotMessage = { title: string; text: string; link: string };

/** The data DingTalk's signature covers. */
export function dingtalkStringToSign(timestampMs: number, secret: string): string {
  return `${timestampMs}\n${secret}`;
}

/** The webhook URL with `timestamp` and `sign` appended (sign is the Base64 HMAC, URL-encoded here). */
export function dingtalkSignedUrl(webhookUrl: string, timestampMs: number, signBase64: string): string {
  const sep = webhookUrl.includes("?") ? "&" : "?";
  return `${webhookUrl}${sep}timestamp=${timestampMs}&sign=${encodeURIComponent(signBase64)}`;
}

/** The markdown text as it goes out: the message's text, then the link. */
export function markdownWithLink(message: RobotMessage): string {
  return message.link ? `${message.text}\n\n[查看详情](${message.link})` : message.text;
}

export function robotBody(kind: RobotKind, message: RobotMessage): unknown {
  const text = markdownWithLink(message);
  if (kind === "dingtalk") return { msgtype: "markdown", markdown: { title: message.title, text } };
  return { msgtype: "markdown", markdown: { content: text } };
}

/**
 * Why a try failed, as a code the admin page words in the reader's language
 * (app/i18n/areas/notifications.ts, notify.error.*); the detail beside it is data, not prose:
 * http: the status and the start of the body · errcode: "310000: sign not match" · timeout: the
 * limit in ms · network: the system's error · unreadable: the start of the body · disabled: the
 * target was switched off · secret: the signing secret could not be decrypted · stopped: the server
 * stopped during the send.
 */
export const ROBOT_ERROR_CODES = ["http", "errcode", "timeout", "network", "unreadable", "disabled", "secret", "stopped"] as const;
export type RobotErrorCode = (typeof ROBOT_ERROR_CODES)[number];
export type RobotFailure = { ok: false; code: RobotErrorCode; detail: string };
export type RobotVerdict = { ok: true } | RobotFailure;

export function isRobotErrorCode(v: unknown): v is RobotErrorCode {
  return typeof v === "string" && (ROBOT_ERROR_CODES as readonly string[]).includes(v);
}

/** Reads a robot's answer: 2xx with errcode 0 (or no errcode) is delivered. */
export function readRobotReply(status: number, bodyText: string): RobotVerdict {
  const snippet = bodyText.slice(0, 200);
  if (status < 200 || status > 299) return { ok: false, code: "http", detail: `${status}${snippet ? `: ${snippet}` : ""}` };
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : {};
  } catch {
    return { ok: false, code: "unreadable", detail: snippet };
  }
  const errcode = (parsed as { errcode?: unknown })?.errcode;
  if (errcode !== undefined && Number(errcode) !== 0) {
    const errmsg = (parsed as { errmsg?: unknown }).errmsg;
    return { ok: false, code: "errcode", detail: `${String(errcode)}: ${String(errmsg ?? "")}`.slice(0, 300) };
  }
  return { ok: true };
}

/**
 * Exponential backoff with jitter before try `attempt + 1` (attempt ≥ 1 tries made so far):
 * base·2^(attempt−1), capped, then a random point in its upper half ("equal jitter").
 */
export function retryDelayMs(attempt: number, random: number, baseMs = 30_000, capMs = 3_600_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(1, Math.max(0, random)));
}
