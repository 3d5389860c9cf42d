import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { households, memberInvites } from "@db/schema";
import { hashInviteCode } from "~/models/member-invites.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { decodeQrFromPng, pngFromQrSvg } from "../../tests/qr";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { action, loader } from "./villages.$code.invites";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const URL_ = `/villages/${HONGHE}/invites`;
const ctx = { clientIp: "203.0.113.20" };

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

const idOf = async (code: string) =>
  (
    await database.db
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.villageCode, HONGHE), eq(households.code, code)))
  )[0].id;
const get = async (as: string, search = "") =>
  call(loader, makeRequest(`${URL_}${search}`, { cookie: await cookieFor(as) }), { code: HONGHE }, ctx);
const post = async (as: string, form: Record<string, string>, code = HONGHE) =>
  call(action, makeRequest(`/villages/${code}/invites`, { method: "POST", form, cookie: await cookieFor(as) }), { code }, ctx);

type Sheet = {
  sheet: {
    villageName: string;
    joinUrl: string;
    revoked: number;
    slips: { id: number; householdCode: string; headName: string; grouped: string; url: string; qrSvg: string; expiresOn: string }[];
  };
};

describe("/villages/:code/invites", () => {
  it("shows its secretary the groups, the households to tick (searchable, paged) and the slips", async () => {
    const r = await get("sec-honghe", "?q=H000");
    expect(statusOf(r)).toBe(200);
    const d = dataOf<{ canEdit: boolean; groups: unknown[]; households: { rows: { code: string; accounts: number }[]; total: number } }>(r);
    expect(d.canEdit).toBe(true);
    expect(d.groups.length).toBeGreaterThan(0);
    expect(d.households.rows.every((h) => h.code.includes("H000"))).toBe(true);
    expect(d.households.rows.find((h) => h.code === "H0001")?.accounts).toBe(1);
  });

  it("lets the town read the list, without the forms, and refuses another village's secretary and a member", async () => {
    const town = dataOf<{ canEdit: boolean; households: unknown; groups: unknown[] }>(await get("town-kuandong"));
    expect(town).toMatchObject({ canEdit: false, households: null, groups: [] });
    expect(statusOf(await get("sec-chashan"))).toBe(403);
    expect(statusOf(await get("member-honghe-1"))).toBe(403);
    expect(statusOf(await post("sec-chashan", { intent: "households", householdIds: "1" }))).toBe(403);
    expect(statusOf(await post("town-kuandong", { intent: "households", householdIds: "1" }))).toBe(403);
    expect(statusOf(await post("member-honghe-1", { intent: "households", householdIds: "1" }))).toBe(403);
  });

  it("answers the slips once, uncached: each code grouped, its /join link, a QR code that reads back as that link, the expiry", async () => {
    const ids = [await idOf("H0020"), await idOf("H0021")];
    const form = new URLSearchParams([["intent", "households"], ...ids.map((id): [string, string] => ["householdIds", String(id)])]);
    const request = new Request(`http://localhost:3000${URL_}`, {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: await cookieFor("sec-honghe"),
      },
      body: form,
    });
    const r = await call(action, request, { code: HONGHE }, ctx);
    expect(statusOf(r)).toBe(200);
    expect((r as { init: { headers: Record<string, string> } }).init.headers["Cache-Control"]).toContain("no-store");
    const { sheet } = dataOf<Sheet>(r);
    expect(sheet.villageName).toBe("红河村");
    expect(sheet.joinUrl).toBe("http://localhost:3000/join");
    expect(sheet.slips.map((s) => s.householdCode)).toEqual(["H0020", "H0021"]);
    for (const s of sheet.slips) {
      expect(s.grouped).toMatch(/^[2-9A-HJKMNP-Z]{4} [2-9A-HJKMNP-Z]{4}$/);
      const code = s.grouped.replace(" ", "");
      expect(s.url).toBe(`http://localhost:3000/join/${code}`);
      expect(decodeQrFromPng(pngFromQrSvg(s.qrSvg))).toBe(s.url);
      expect(s.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const [row] = await database.db.select().from(memberInvites).where(eq(memberInvites.id, s.id));
      expect(row.codeHash).toBe(hashInviteCode(code));
    }
  });

  it("prints the address set in PUBLIC_BASE_URL when there is one", async () => {
    const { resetEnvForTests } = await import("~/utils/env.server");
    process.env.PUBLIC_BASE_URL = "https://ledger.example.cn/";
    resetEnvForTests();
    try {
      const r = await post("sec-honghe", { intent: "households", householdIds: String(await idOf("H0022")) });
      const { sheet } = dataOf<Sheet>(r);
      expect(sheet.joinUrl).toBe("https://ledger.example.cn/join");
      expect(sheet.slips[0].url).toMatch(/^https:\/\/ledger\.example\.cn\/join\/[2-9A-HJKMNP-Z]{8}$/);
    } finally {
      delete process.env.PUBLIC_BASE_URL;
      resetEnvForTests();
    }
  });

  it("refuses no household ticked, one of another village, and a group of another village, with the field's message (400)", async () => {
    const none = await post("sec-honghe", { intent: "households" });
    expect(statusOf(none)).toBe(400);
    expect(errorsOf(none).householdIds.zh).toBe("请至少勾选一户");
    const foreignId = (await database.db.select({ id: households.id }).from(households).where(eq(households.villageCode, CHASHAN)))[0].id;
    const foreign = await post("sec-honghe", { intent: "households", householdIds: String(foreignId) });
    expect(statusOf(foreign)).toBe(400);
    expect(errorsOf(foreign).householdIds.zh).toContain("不属于本村");
    expect(statusOf(await post("sec-honghe", { intent: "group", groupId: "2000000000" }))).toBe(400);
    expect(statusOf(await post("sec-honghe", { intent: "nonsense" }))).toBe(400);
  });

  it("makes slips for a whole group, and revokes an open slip once (409 after)", async () => {
    const groups = dataOf<{ groups: { id: number; households: number }[] }>(await get("sec-honghe")).groups;
    const r = await post("sec-honghe", { intent: "group", groupId: String(groups[1].id), skipJoined: "on" });
    const { sheet } = dataOf<Sheet>(r);
    expect(sheet.slips.length).toBe(groups[1].households);
    const revoke = await post("sec-honghe", { intent: "revoke", id: String(sheet.slips[0].id) });
    expect(statusOf(revoke)).toBe(302);
    expect((revoke as Response).headers.get("Location")).toBe(`${URL_}?revoked=1`);
    const again = await post("sec-honghe", { intent: "revoke", id: String(sheet.slips[0].id) });
    expect(statusOf(again)).toBe(409);
    const list = dataOf<{ invites: { rows: { id: number; state: string }[] } }>(await get("sec-honghe", "?state=revoked"));
    expect(list.invites.rows.map((x) => x.id)).toContain(sheet.slips[0].id);
    expect(statusOf(await post("sec-chashan", { intent: "revoke", id: String(sheet.slips[1].id) }, CHASHAN))).toBe(404);
  });

  it("answers a bad state or page in the query with 400", async () => {
    expect(statusOf(await get("sec-honghe", "?state=nonsense"))).toBe(400);
    expect(statusOf(await get("sec-honghe", "?page=0"))).toBe(400);
  });
});
