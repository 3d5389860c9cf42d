import { asc, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, industries } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { loader as adminHome } from "./admin._index";
import { action, loader } from "./admin.industries";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function auditCount() {
  const [{ n }] = await database.db.select({ n: count() }).from(auditLog);
  return Number(n);
}
async function post(asUser: string, form: Record<string, string>, headers?: Record<string, string>) {
  const cookie = await cookieFor(asUser);
  return call(action, makeRequest("/admin/industries", { method: "POST", form, cookie, headers }));
}

describe("/admin/industries: the industry catalogue", () => {
  it("admins see the whole catalogue, with how many villages use each industry; the admin home links to it", async () => {
    const cookie = await cookieFor("admin");
    const r = await call(loader, makeRequest("/admin/industries", { cookie }));
    expect(statusOf(r)).toBe(200);
    const { list } = dataOf<{ list: { key: string; nameZh: string; villages: number }[] }>(r);
    const seeded = await database.db.select({ key: industries.key }).from(industries).orderBy(asc(industries.id));
    expect(list.map((i) => i.key)).toEqual(seeded.map((i) => i.key));
    expect(list.find((i) => i.key === "tea_seedlings")?.villages).toBeGreaterThan(0);
    const home = dataOf<{ isAdmin: boolean }>(await call(adminHome, makeRequest("/admin", { cookie })));
    expect(home.isAdmin).toBe(true);
  });

  it("bureau, town, secretary and member are refused (403), anonymous is sent to sign in; nothing written", async () => {
    const before = await auditCount();
    for (const u of ["bureau-suiyang", "town-kuandong", "sec-honghe", "member-honghe-1"]) {
      const cookie = await cookieFor(u);
      expect(statusOf(await call(loader, makeRequest("/admin/industries", { cookie }))), u).toBe(403);
      expect(statusOf(await post(u, { intent: "create", key: "honey_x", nameZh: "蜂蜜X", nameEn: "Honey X", defaultUnit: "箱" })), u).toBe(
        403,
      );
    }
    const anon = (await call(loader, makeRequest("/admin/industries"))) as Response;
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login/);
    expect(await auditCount()).toBe(before);
    expect(await database.db.select().from(industries).where(eq(industries.key, "honey_x"))).toHaveLength(0);
  });

  it("an admin adds an industry: stored, audited in the same change, then villages can pick it", async () => {
    const before = await auditCount();
    const r = (await post("admin", {
      intent: "create",
      key: "kiwi_fruit",
      nameZh: "猕猴桃",
      nameEn: "Kiwi fruit",
      defaultUnit: "亩",
    })) as Response;
    expect(r.status).toBe(302);
    const [row] = await database.db.select().from(industries).where(eq(industries.key, "kiwi_fruit"));
    expect(row).toMatchObject({ nameZh: "猕猴桃", nameEn: "Kiwi fruit", defaultUnit: "亩" });
    expect(r.headers.get("Location")).toBe(`/admin/industries?saved=${row.id}`);
    expect(await auditCount()).toBe(before + 1);
    const [audit] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "industry.create", entity: "industry", entityId: String(row.id), actorName: "admin" });
    expect(audit.after).toMatchObject({ key: "kiwi_fruit", nameZh: "猕猴桃" });
  });

  it("a duplicate key or Chinese name is a 400 with a clear message in both languages, nothing written", async () => {
    const before = await auditCount();
    const [{ n: rowsBefore }] = await database.db.select({ n: count() }).from(industries);
    const dupKey = await post("admin", { intent: "create", key: "tea_seedlings", nameZh: "新茶苗", nameEn: "New tea", defaultUnit: "亩" });
    expect(statusOf(dupKey)).toBe(400);
    expect(errorsOf(dupKey).key).toEqual({ zh: "已有使用该代码的产业", en: "An industry with this key already exists" });
    const [tea] = await database.db.select().from(industries).where(eq(industries.key, "tea_seedlings"));
    const dupName = await post("admin", {
      intent: "create",
      key: "tea_again",
      nameZh: ` ${tea.nameZh} `,
      nameEn: "Tea again",
      defaultUnit: "亩",
    });
    expect(statusOf(dupName)).toBe(400);
    expect(errorsOf(dupName).nameZh.zh).toBe("目录中已有同名产业");
    expect(errorsOf(dupName).nameZh.en).toBe("An industry with this Chinese name already exists");
    const [{ n: rowsAfter }] = await database.db.select({ n: count() }).from(industries);
    expect(rowsAfter).toBe(rowsBefore);
    expect(await auditCount()).toBe(before);
  });

  it("bad fields are a 400 per field in both languages (English answers when asked), nothing written", async () => {
    const before = await auditCount();
    const r = await post(
      "admin",
      { intent: "create", key: "Bad Key!", nameZh: "", nameEn: "x".repeat(61), defaultUnit: "" },
      { "Accept-Language": "en" },
    );
    expect(statusOf(r)).toBe(400);
    const errors = errorsOf(r);
    expect(Object.keys(errors).sort()).toEqual(["defaultUnit", "key", "nameEn", "nameZh"]);
    expect(errors.key.zh).toContain("代码");
    expect(errors.nameEn.en).toBe("The English name is 1–60 characters");
    expect(statusOf(await post("admin", { intent: "delete", id: "1" }))).toBe(400);
    expect(statusOf(await post("admin", {}))).toBe(400);
    expect(await auditCount()).toBe(before);
  });

  it("an admin corrects an industry's names (the key stays), audited with before and after; renaming onto another's name is refused", async () => {
    const [kiwi] = await database.db.select().from(industries).where(eq(industries.key, "kiwi_fruit"));
    const before = await auditCount();
    const r = (await post("admin", {
      intent: "update",
      id: String(kiwi.id),
      nameZh: "红心猕猴桃",
      nameEn: "Red kiwi fruit",
      defaultUnit: "亩",
      key: "ignored",
    })) as Response;
    expect(r.status).toBe(302);
    const [after] = await database.db.select().from(industries).where(eq(industries.id, kiwi.id));
    expect(after).toMatchObject({ key: "kiwi_fruit", nameZh: "红心猕猴桃", nameEn: "Red kiwi fruit" });
    const [audit] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "industry.update", entityId: String(kiwi.id) });
    expect(audit.before).toMatchObject({ nameZh: "猕猴桃" });
    expect(audit.after).toMatchObject({ nameZh: "红心猕猴桃" });
    expect(await auditCount()).toBe(before + 1);

    // keeping its own name is fine; taking another industry's is not
    expect(
      statusOf(await post("admin", { intent: "update", id: String(kiwi.id), nameZh: "红心猕猴桃", nameEn: "Kiwi", defaultUnit: "亩" })),
    ).toBe(302);
    const [tea] = await database.db.select().from(industries).where(eq(industries.key, "tea_seedlings"));
    const clash = await post("admin", { intent: "update", id: String(kiwi.id), nameZh: tea.nameZh, nameEn: "Kiwi", defaultUnit: "亩" });
    expect(statusOf(clash)).toBe(400);
    expect(errorsOf(clash).nameZh.zh).toBe("目录中已有同名产业");
    expect(statusOf(await post("admin", { intent: "update", id: "999999", nameZh: "不存在", nameEn: "None", defaultUnit: "亩" }))).toBe(
      404,
    );
  });
});
