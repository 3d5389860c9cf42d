/**
 * Gives each test file its own empty database before any app module reads the environment:
 * an in-memory PGlite by default, or (TEST_DB=postgres) a fresh database on the server named by
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll } from "vitest";
import { closeDatabase } from "../db/client.server";
import { resetEnvForTests } from "../app/utils/env.server";

process.env.NODE_ENV = "test";
let dropDatabase: (() => Promise<void>) | undefined;

if (process.env.TEST_DB === "postgres") {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `vl_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.DATABASE_URL = url.toString();
  // a server deployment that keeps secrets has its key set (without it ID numbers cannot be saved;
  // the files that test that case delete it themselves)
  process.env.NOTIFY_SECRET_KEY ??= randomBytes(32).toString("base64");
  dropDatabase = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}
resetEnvForTests();

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});
