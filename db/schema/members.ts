import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { households } from "./households";
import { villages } from "./villages";

/** 与户主关系：户主 / 配偶 / 子女 / 父母 / 孙子女 / 其他 */
export const memberRelation = pgEnum("member_relation", ["head", "spouse", "child", "parent", "grandchild", "other"]);
export const memberSex = pgEnum("member_sex", ["male", "female"]);
/** 确认依据：出生 / 婚姻迁入 / 收养 / 政策性移民 / 成员大会确认 / 改革时已确认（法第六十六条） */
export const membershipBasis = pgEnum("membership_basis", ["birth", "marriage", "adoption", "resettlement", "assembly", "reform"]);
/** 丧失原因（法第十七条）：死亡 / 自愿退出 / 取得其他集体经济组织成员身份 / 丧失中国国籍 / 成为国家公务员 / 其他 */
export const membershipLoss = pgEnum("membership_loss", [
  "death",
  "voluntary_exit",
  "other_collective",
  "nationality",
  "civil_servant",
  "other",
]);
/** 民事行为能力: by age (18 or older on the date), or marked full / limited whatever the age */
export const civilCapacity = pgEnum("civil_capacity", ["by_age", "full", "limited"]);

/**
 * 成员名册: a member is a person (农村集体经济组织法, 2025), in a household. Never deleted: loss of
 * membership is a date and one of the law's reasons, so the register reads as it stood on any date.
 * The ID number is kept only encrypted (app/utils/secret-box.server.ts) beside a keyed hash (for
 * duplicates and exact lookup) and its last four digits (for search).
 */
export const members = pgTable(
  "members",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    name: varchar({ length: 50 }).notNull(),
    relation: memberRelation().notNull(),
    sex: memberSex().notNull(),
    birthDate: date({ mode: "string" }).notNull(),
    idNumberCiphertext: text(),
    /** HMAC-SHA256 of the ID number under the secret key, hex */
    idNumberHash: char({ length: 64 }),
    idLast4: char({ length: 4 }),
    phone: varchar({ length: 20 }),
    /** the person agreed to receive texts (短信) about the household's distributions */
    smsConsent: boolean().notNull().default(false),
    civilCapacity: civilCapacity().notNull().default("by_age"),
    confirmedOn: date({ mode: "string" }).notNull(),
    confirmationBasis: membershipBasis().notNull(),
    /** the resolution or record the confirmation rests on, e.g. 2025年第1次成员大会决议 */
    confirmationResolution: varchar({ length: 200 }).notNull(),
    lostOn: date({ mode: "string" }),
    lossReason: membershipLoss(),
    /** the words for 其他 */
    lossNote: varchar({ length: 200 }),
    version: integer().notNull().default(1),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("members_household_idx").on(t.householdId),
    index("members_village_name_idx").on(t.villageCode, t.name),
    index("members_village_last4_idx").on(t.villageCode, t.idLast4),
    index("members_id_hash_idx").on(t.idNumberHash),
    check("members_lost_after_confirmed", sql`${t.lostOn} is null or ${t.lostOn} >= ${t.confirmedOn}`),
    check("members_loss_reason", sql`(${t.lostOn} is null) = (${t.lossReason} is null)`),
    check("members_loss_note", sql`${t.lossReason} is distinct from 'other' or ${t.lossNote} is not null`),
    check(
      "members_id_parts",
      sql`(${t.idNumberCiphertext} is null) = (${t.idNumberHash} is null) and (${t.idNumberHash} is null) = (${t.idLast4} is null)`,
    ),
  ],
);

/**
 * 入户邀请: a paper slip with a QR code to /join/<code> and the same 8-character code. Only the
 * code's SHA-256 is kept: a slip is printed when it is made; a lost one is revoked and made again.
 */
export const memberInvites = pgTable(
  "member_invites",
  {
    id: serial().primaryKey(),
    villageCode: char({ length: 12 })
      .notNull()
      .references(() => villages.code),
    householdId: integer()
      .notNull()
      .references(() => households.id),
    codeHash: char({ length: 64 }).notNull(),
    createdBy: text().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: "date" }),
    usedBy: text().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true, mode: "date" }),
    revokedBy: text().references(() => users.id),
  },
  (t) => [
    uniqueIndex("member_invites_code_uq").on(t.codeHash),
    index("member_invites_village_idx").on(t.villageCode, t.createdAt),
    index("member_invites_household_idx").on(t.householdId),
    check("member_invites_used_or_revoked", sql`${t.usedAt} is null or ${t.revokedAt} is null`),
  ],
);

export type Member = typeof members.$inferSelect;
export type MemberInvite = typeof memberInvites.$inferSelect;
