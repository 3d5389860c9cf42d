import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { households } from "./households";
import { regions } from "./regions";

/** 钉钉自定义机器人 / 企业微信群机器人 */
export const notifyTargetKind = pgEnum("notify_target_kind", ["dingtalk", "wecom"]);
/** pending → sending (claimed under a lease) → sent, or back to pending for a retry, or failed */
/** a group robot (notify_targets) or a text message (短信) to a household's phone */
export const outboxChannel = pgEnum("outbox_channel", ["robot", "sms"]);
export const outboxStatus = pgEnum("outbox_status", ["pending", "sending", "sent", "failed"]);

/** A group robot of a region (county, town or village) that hears of that region's changes. */
export const notifyTargets = pgTable(
  "notify_targets",
  {
    id: serial().primaryKey(),
    regionCode: char({ length: 12 })
      .notNull()
      .references(() => regions.code),
    kind: notifyTargetKind().notNull(),
    /** a label for people: "宽洞镇农经群" */
    name: varchar({ length: 60 }).notNull(),
    webhookUrl: text().notNull(),
    /** DingTalk's signing secret, AES-256-GCM under NOTIFY_SECRET_KEY (app/utils/secret-box.server.ts); never shown again */
    secretCiphertext: text(),
    enabled: boolean().notNull().default(true),
    createdBy: text().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("notify_targets_region_idx").on(t.regionCode)],
);

/**
 * 发件箱: one message for one target, written in the transaction of the change it reports, and
 * delivered afterwards by the worker (app/models/outbox.server.ts). While `sending`,
 * next_attempt_at is the lease's end: a crashed sender's row is claimed again after it.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    channel: outboxChannel().notNull().default("robot"),
    /** the robot, for channel robot */
    targetId: integer().references(() => notifyTargets.id),
    /** for channel sms: the household the text is about and the number it goes to */
    householdId: integer().references(() => households.id),
    recipientPhone: varchar({ length: 20 }),
    event: varchar({ length: 60 }).notNull(),
    /** { title, text (markdown), link } */
    payload: jsonb().notNull(),
    status: outboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** why the last try failed, as a code the admin page words in the reader's language (app/domain/robots.ts) … */
    lastErrorCode: varchar({ length: 20 }),
    /** … and its detail (HTTP status, errcode and errmsg, timeout in ms), never translated */
    lastError: text(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("outbox_messages_status_next_idx").on(t.status, t.nextAttemptAt),
    index("outbox_messages_target_idx").on(t.targetId),
    check("outbox_messages_attempts", sql`${t.attempts} >= 0`),
    check(
      "outbox_messages_channel",
      sql`(${t.channel} = 'robot' and ${t.targetId} is not null) or (${t.channel} = 'sms' and ${t.recipientPhone} is not null and ${t.householdId} is not null)`,
    ),
    index("outbox_messages_household_idx").on(t.householdId),
  ],
);

export type NotifyTarget = typeof notifyTargets.$inferSelect;
export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type OutboxPayload = { title: string; text: string; link: string };
