import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { collectives, cooperativePartners, households, villagerGroups } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, makeRequest } from "../../tests/remix";
import { action, loader } from "./villages.$code._index";

const QUNLE = "520390105201";
let sec: string, town: string, other: string;

beforeAll(async () => {
  await seededDatabase();
  [sec, town, other] = await Promise.all(["sec-qunle", "town-kuandong", "sec-honghe"].map(cookieFor));
});

/** the cooperative form's partner rows, as the page names them (partners[i].role …) */
const partnerRows = (rows: [role: string, label: string, name: string][]) =>
  Object.fromEntries(
    rows.flatMap(([role, label, name], i) => [
      [`partners[${i}].role`, role],
      [`partners[${i}].label`, label],
      [`partners[${i}].name`, name],
    ]),
  );

const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const post = (cookie: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const request = new Request(`http://localhost:3000/villages/${QUNLE}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return call(action, request, { code: QUNLE });
};

describe("/villages/:code (profile)", () => {
  it("shows 群乐村's model, its 280 亩 base, groups and leaders to its secretary", async () => {
    const d = (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(d.canEdit).toBe(true);
    expect(d.organisation.cooperatives[0].model).toBe("党支部+专业合作社+基地+农户");
    expect(d.industries[0]).toMatchObject({ nameZh: "胡柚", scaleQuantity: "280.00" });
    expect(d.groups.length).toBeGreaterThan(0);
    expect(d.leaders.every((l) => l.households <= 30)).toBe(true);
  });

  it("refuses another village's secretary and lets no one but the secretary write", async () => {
    expect(status(await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: other }), { code: QUNLE }))).toBe(403);
    expect(status(await post(other, { intent: "group", name: "外村组" }))).toBe(403);
    expect(status(await post(town, { intent: "group", name: "外镇组" }))).toBe(403);
  });

  it("adds a group and edits the model; a bad value is a 400 that writes nothing", async () => {
    expect(status(await post(sec, { intent: "group", name: "柚香组" }))).toBe(302);
    expect(status(await post(sec, { intent: "group", name: "柚香组" }))).toBe(400);
    const db = await getDb();
    expect((await db.select().from(villagerGroups).where(eq(villagerGroups.name, "柚香组"))).length).toBe(1);

    const d = (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<
      ReturnType<typeof loader>
    >;
    const coop = d.organisation.cooperatives[0];
    const tooFew = await post(sec, {
      intent: "cooperative",
      id: String(coop.id),
      name: coop.name,
      ...partnerRows([
        ["party_branch", "党支部", ""],
        ["", "", ""],
      ]),
    });
    expect(status(tooFew)).toBe(400);
    expect((await db.select().from(cooperativePartners).where(eq(cooperativePartners.cooperativeId, coop.id))).length).toBe(4);
    const ok = await post(sec, {
      intent: "cooperative",
      id: String(coop.id),
      name: coop.name,
      ...partnerRows([
        ["party_branch", "党支部", ""],
        ["cooperative", "专业合作社", ""],
        ["enterprise", "企业", "示例果业公司"],
        ["base", "基地", ""],
        ["household", "农户", ""],
      ]),
    });
    expect(status(ok)).toBe(302);
    const after = (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(after.organisation.cooperatives[0].model).toBe("党支部+专业合作社+企业+基地+农户");
  });

  it("records an industry's yearly revenue typed in 万元 and refuses a bad amount", async () => {
    const d = (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<
      ReturnType<typeof loader>
    >;
    const vi = d.industries[0].id;
    expect(
      status(
        await post(sec, {
          intent: "industryYear",
          villageIndustryId: String(vi),
          year: "2025",
          outputQuantity: "",
          outputUnit: "",
          revenue: "abc",
          visitors: "",
        }),
      ),
    ).toBe(400);
    expect(
      status(
        await post(sec, {
          intent: "industryYear",
          villageIndustryId: String(vi),
          year: "2025",
          outputQuantity: "420",
          outputUnit: "吨",
          revenue: "23.6万",
          visitors: "",
        }),
      ),
    ).toBe(302);
    const after = (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(after.industryYears[0]).toMatchObject({ year: 2025, revenueFen: 23_600_000n, outputQuantity: "420.00" });
  });

  it("shows every change at once, though the page is kept between changes (groups, households, collective)", async () => {
    const load = async () =>
      (await call(loader, makeRequest(`/villages/${QUNLE}`, { cookie: sec }), { code: QUNLE })) as Awaited<ReturnType<typeof loader>>;
    const before = await load();
    expect(status(await post(sec, { intent: "group", name: "新枝组" }))).toBe(302);
    const withGroup = await load();
    const group = withGroup.groups.find((g) => g.name === "新枝组");
    expect(group?.households).toBe(0);
    expect(withGroup.groups.length).toBe(before.groups.length + 1);

    const db = await getDb();
    await db
      .insert(households)
      .values({ villageCode: QUNLE, code: "H9801", headName: "缓存检验", groupId: group!.id, members: 3, joinedOn: "2024-01-01" });
    expect((await load()).groups.find((g) => g.name === "新枝组")?.households).toBe(1);

    await db.update(collectives).set({ name: "群乐村股份经济合作社（更名）" }).where(eq(collectives.villageCode, QUNLE));
    expect((await load()).organisation.collective?.name).toBe("群乐村股份经济合作社（更名）");
  });
});
