/**
 * The group robots' forms (通知群), pure: add a robot for a region; test, switch on or off one;
 * put a failed message back in the queue. Each intent has its own schema: the robot form's
 * kind-and-secret check runs even when its name or address is wrong, so every message shows at
 * once.
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { id, intent, regionCode, text } from "./input";

export const NOTIFY_INTENTS = ["add", "test", "enable", "disable", "resend"] as const;

/** the record a button names is gone (or, for a resend, no longer failed) */
export const NOTIFY_NOT_FOUND: Message = message("没有这条记录", "No such record");
/** a signing secret given while the server has no key to encrypt it with */
export const NOTIFY_NO_KEY: Message = message(
  "服务器未配置 NOTIFY_SECRET_KEY，不能保存加签密钥",
  "NOTIFY_SECRET_KEY is not set on the server: a signing secret cannot be stored",
);

const regionM = said("请填写 12 位地区代码", "A region code of 12 digits");
const kindM = said("请选择机器人类型", "Choose the kind of robot");
const nameM = said("请填写群名称（60 字以内）", "A group name (at most 60 characters)");
const urlM = said("请填写以 https:// 或 http:// 开头的 Webhook 地址", "A webhook URL starting with https:// or http://");
const secretM = said("密钥最长 200 个字符，且只用于钉钉", "At most 200 characters, for DingTalk only");
const idM = said("请选择一条记录", "Choose a record");

const required = (max: number, m: string) => text({ max: 1000, requiredMessage: m }).pipe(z.string().min(1, m).max(max, m));

/** which button was pressed: anything else is a request no form sends */
export const notifyIntentSchema = z.object({ intent: intent(NOTIFY_INTENTS) });

/** intent=add: a robot for a region (the caller's reach is checked on the region alone, first) */
export const addTargetSchema = z.intersection(
  z.object({
    intent: z.literal("add"),
    regionCode: regionCode(regionM),
    name: required(60, nameM),
    url: required(500, urlM).pipe(
      z
        .string()
        .url(urlM)
        .refine((u) => /^https?:\/\//i.test(u), urlM),
    ),
  }),
  z
    .object({
      kind: z.enum(["dingtalk", "wecom"], { errorMap: () => ({ message: kindM }) }),
      secret: text({ max: 1000 }).pipe(z.string().max(200, secretM)).optional(),
    })
    // DingTalk's robots sign with a secret; WeCom's have none
    .superRefine((f, ctx) => {
      if (f.secret && f.kind !== "dingtalk") ctx.addIssue({ code: "custom", path: ["secret"], message: secretM });
    }),
);
export type AddTargetForm = z.infer<typeof addTargetSchema>;

/** intent=test|enable|disable: one robot */
export const targetActionSchema = z.object({ intent: z.enum(["test", "enable", "disable"]), id: id(idM) });

/** intent=resend: one failed message */
export const resendSchema = z.object({ intent: z.literal("resend"), id: id(idM) });

/** the region field alone, to check the caller's reach before the rest of the robot form */
export const targetRegionSchema = z.object({ regionCode: regionCode(regionM) });
