import { bigserial, char, index, jsonb, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";

/** 审计日志: every change, in the same transaction as the change; the database refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorUserId: text(),
    actorName: varchar({ length: 60 }).notNull(),
    action: varchar({ length: 60 }).notNull(),
    entity: varchar({ length: 60 }).notNull(),
    entityId: varchar({ length: 60 }).notNull(),
    villageCode: char({ length: 12 }),
    before: jsonb(),
    after: jsonb(),
    ip: varchar({ length: 64 }),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_village_at_idx").on(t.villageCode, t.at),
    index("audit_log_actor_at_idx").on(t.actorUserId, t.at),
  ],
);
