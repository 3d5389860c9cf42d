import { eq } from "drizzle-orm";
import { getDb } from "../db/client.server";
import { users } from "../db/schema";
import { startSession } from "../app/utils/session.server";

/** A signed-in session for a (demo) user, as the Cookie header a browser would send. */
export async function cookieFor(username: string): Promise<string> {
  const db = await getDb();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!user) throw new Error(`no user ${username}`);
  const setCookie = await startSession(user.id);
  return setCookie.split(";")[0];
}
