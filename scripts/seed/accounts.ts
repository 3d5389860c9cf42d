/**
 * The demo accounts (the README's table), all with the password `cunji-demo-2026`, all marked isDemo
 * (refused at sign-in in production unless DEMO=1). The password is hashed once per process
 * and the hash reused: argon2id is slow on purpose, a dozen hashes would slow every seed.
 */
import { and, eq } from "drizzle-orm";
import { DEMO_PASSWORD } from "../../app/utils/demo.server";
import { hashPassword } from "../../app/utils/password.server";
import type { Tx } from "../../db/client.server";
import * as s from "../../db/schema";
import { VILLAGE_CODES } from "./facts";

type DemoAccount = {
  username: string;
  displayName: string;
} & (
  | { role: "admin" }
  | { role: "bureau" | "town" | "secretary"; regionCode: string }
  | { role: "member"; villageCode: string; householdCode: string }
);

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "系统管理员", role: "admin" },
  { username: "bureau-zunyi", displayName: "遵义市农业农村局", role: "bureau", regionCode: "520300000000" },
  { username: "bureau-suiyang", displayName: "绥阳县农业农村局", role: "bureau", regionCode: "520323000000" },
  { username: "bureau-bozhou", displayName: "播州区农业农村局", role: "bureau", regionCode: "520304000000" },
  { username: "town-kuandong", displayName: "宽洞镇农经站", role: "town", regionCode: "520323102000" },
  { username: "sec-honghe", displayName: "红河村支书", role: "secretary", regionCode: VILLAGE_CODES.honghe },
  { username: "sec-chashan", displayName: "茶山村支书", role: "secretary", regionCode: VILLAGE_CODES.chashan },
  { username: "sec-linjiang", displayName: "临江村支书", role: "secretary", regionCode: VILLAGE_CODES.linjiang },
  { username: "sec-huangxi", displayName: "黄溪村支书", role: "secretary", regionCode: VILLAGE_CODES.huangxi },
  { username: "sec-qunle", displayName: "群乐村支书", role: "secretary", regionCode: VILLAGE_CODES.qunle },
  { username: "member-honghe-1", displayName: "红河村 H0001", role: "member", villageCode: VILLAGE_CODES.honghe, householdCode: "H0001" },
  { username: "member-chashan-1", displayName: "茶山村 H0001", role: "member", villageCode: VILLAGE_CODES.chashan, householdCode: "H0001" },
];

let demoHash: Promise<string> | undefined;
function demoPasswordHash() {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}

/** Ids are fixed so that a re-seeded demo keeps its links; they never leave the demo. */
function demoUserId(username: string) {
  return `demo-${username}`;
}

export async function seedDemoAccounts(tx: Tx) {
  const passwordHash = await demoPasswordHash();
  for (const a of DEMO_ACCOUNTS) {
    let householdId: number | null = null;
    let displayName = a.displayName;
    if (a.role === "member") {
      const [h] = await tx
        .select({ id: s.households.id, headName: s.households.headName })
        .from(s.households)
        .where(and(eq(s.households.villageCode, a.villageCode), eq(s.households.code, a.householdCode)));
      if (!h) throw new Error(`seed: no household ${a.householdCode} in ${a.villageCode}`);
      householdId = h.id;
      displayName = `${h.headName}（${a.displayName}）`;
    }
    const id = demoUserId(a.username);
    await tx.insert(s.users).values({ id, username: a.username, displayName, passwordHash, isDemo: true });
    await tx.insert(s.roleGrants).values({
      userId: id,
      role: a.role,
      regionCode: a.role === "bureau" || a.role === "town" || a.role === "secretary" ? a.regionCode : null,
      householdId,
    });
  }
}
