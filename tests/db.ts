import { getDatabase, type Database } from "../db/client.server";
import { seedDemo } from "../scripts/seed/seed";

/** The test file's database, migrated and holding the demo villages. Seeded once per file. */
let seeded: Promise<Database> | undefined;
export function seededDatabase(): Promise<Database> {
  seeded ??= (async () => {
    const database = await getDatabase();
    await seedDemo(database.db);
    return database;
  })();
  return seeded;
}
