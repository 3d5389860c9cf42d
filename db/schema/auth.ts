import { sql } from "drizzle-orm";
import { bigserial, boolean, char, check, index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { role } from "./enums";
import { households } from "./households";
import { regions } from "./regions";

export const users = pgTable("users", {
  id: text().primaryKey(),
  username: varchar({ length: 60 }).notNull().unique(),
  displayName: varchar({ length: 60 }).notNull(),
  passwordHash: text().notNull(),
  /** set for one-time passwords: the user must choose a new one at first sign-in */
  mustChangePassword: boolean().notNull().default(false),
  disabledAt: timestamp({ withTimezone: true }),
  isDemo: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions: sign-out and disabling a user delete them. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** idle expiry, pushed forward on use; never past absoluteExpiresAt */
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    absoluteExpiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * What a user may do where: admin (everywhere), bureau (a province, city or county), town (a town),
 * secretary (a village), member (a household). A user may hold several.
 */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: serial().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role().notNull(),
    regionCode: char({ length: 12 }).references(() => regions.code),
    householdId: integer().references(() => households.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("role_grants_user_idx").on(t.userId),
    check(
      "role_grants_scope",
      sql`(${t.role} = 'admin' and ${t.regionCode} is null and ${t.householdId} is null)
       or (${t.role} in ('bureau','town','secretary') and ${t.regionCode} is not null and ${t.householdId} is null)
       or (${t.role} = 'member' and ${t.householdId} is not null)`,
    ),
  ],
);

/** Failed and successful sign-ins, kept in the database so throttling holds across processes. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    username: varchar({ length: 60 }).notNull(),
    ip: varchar({ length: 64 }).notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_user_at_idx").on(t.username, t.at)],
);
