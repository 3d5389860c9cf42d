/**
 * `npm run db:seed`: drops the database's tables, migrates afresh and writes the demo villages.
 * Refuses in production unless DEMO=1.
 */
import { closeDatabase, getDatabase, openDatabase } from "../db/client.server";
import { dropAll, seedDemo } from "./seed/seed";
import { getEnv } from "../app/utils/env.server";

const env = getEnv();
if (env.NODE_ENV === "production" && env.DEMO !== "1") {
  console.error("db:seed refuses to run in production unless DEMO=1");
  process.exit(2);
}
const started = Date.now();
const first = await openDatabase();
await dropAll(first.db);
await first.close();
const database = await getDatabase(); // migrates
await seedDemo(database.db);
await closeDatabase();
console.log(`demo data seeded in ${Date.now() - started} ms (${database.kind})`);
