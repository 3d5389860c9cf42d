/** `npm run db:migrate`: applies the committed migrations in drizzle/. */
import { closeDatabase, getDatabase } from "../db/client.server";

const started = Date.now();
const database = await getDatabase();
await closeDatabase();
console.log(`migrations applied in ${Date.now() - started} ms (${database.kind})`);
