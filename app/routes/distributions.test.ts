import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf, makeRequest } from "../../tests/remix";
import { setNowForTests } from "~/utils/clock.server";
import { action, loader } from "./villages.$code_.distributions.$year";
import { loader as noticeLoader } from "./villages.$code_.distributions.$year_.notice";
import { loader as sheetsLoader } from "./villages.$code_.distributions.$year_.sheets";
import { loader as exportLoader } from "./villages.$code_.distributions.$year_.export";
import { loader as meLoader } from "./me";
import { loader as publicLoader } from "./public.villages.$code";

const HONGHE = "520323102201";
const path = `/villages/${HONGHE}/distributions/2025`;
const params = { code: HONGHE, year: "2025" };
type PageData = Awaited<ReturnType<typeof loader>>;

/** Moves the clock to noon China time on a day; sessions are made afresh after each move. */
async function at(day: string) {
  setNowForTests(new Date(`${day}T04:00:00Z`));
  const [sec, town, secChashan, bureau, member] = await Promise.all(
    ["sec-honghe", "town-kuandong", "sec-chashan", "bureau-suiyang", "member-honghe-1"].map(cookieFor),
  );
  return { sec: sec!, town: town!, secChashan: secChashan!, bureau: bureau!, member: member! };
}
const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const page = async (cookie: string, url = path) => (await call(loader, makeRequest(url, { cookie }), params)) as PageData;
const post = (cookie: string, form: Record<string, string | string[]>) => {
  const b = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) b.append(k, x);
  const request = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body: b,
  });
  return call(action, request, params);
};

beforeAll(async () => {
  await seededDatabase();
});
afterAll(() => setNowForTests(null));

describe("/villages/:code/distributions/:year — 红河村 2025 from draft to hand-out", () => {
  it("keeps other villages and members out", async () => {
    const c = await at("2026-03-20");
    expect(status(await call(loader, makeRequest(path, { cookie: c.secChashan }), params))).toBe(403);
    expect(status(await call(loader, makeRequest(path, { cookie: c.member }), params))).toBe(403);
    expect(status(await post(c.secChashan, { intent: "draft", recordDate: "2026-03-01" }))).toBe(403);
    const anonymous = await call(loader, makeRequest(path), params);
    expect(status(anonymous)).toBe(302);
  });

  it("lets the secretary draft it; the town reads it but cannot draft", async () => {
    const c = await at("2026-03-20");
    const before = await page(c.sec);
    expect(before.run).toBeNull();
    expect(before.incomeYear?.status).toBe("approved");
    expect(before.capacity).toEqual({ canWrite: true, canConfirm: false });
    expect(before.rulesUrl).toBe(`/villages/${HONGHE}/rules`);
    expect(status(await post(c.town, { intent: "draft", recordDate: "2026-03-01" }))).toBe(403);
    expect(status(await post(c.sec, { intent: "draft", recordDate: "2026-02-30" }))).toBe(400);
    const r = await post(c.sec, { intent: "draft", recordDate: "2026-03-01" });
    expect(status(r)).toBe(302);
    const d = await page(c.town);
    expect(d.run?.status).toBe("draft");
    expect(d.run?.words).toBe(
      "2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；表彰模范示范家庭1,000元；其余按户购买大米，每户15公斤。",
    );
    expect(d.run?.lines.find((l) => l.key === "pool")?.amountFen).toBe(4_227_900);
    expect(d.run?.counts).toEqual({ households: 450, eligible: 450, pending: 450 });
    expect((await page(c.town, `${path}?group=岗上组`)).run!.allocations.length).toBeLessThan(450);
  });

  it("answers a short notice period with 400 and the field's message", async () => {
    const c = await at("2026-03-20");
    const version = String((await page(c.sec)).run!.version);
    const r = await post(c.sec, { intent: "notice", version, noticeFrom: "2026-03-21", noticeTo: "2026-03-25" });
    expect(status(r)).toBe(400);
    expect(Object.keys(errorsOf(r))).toEqual(["noticeTo"]);
    expect(status(await post(c.sec, { intent: "notice", version, noticeFrom: "2026-03-21", noticeTo: "2026-03-27" }))).toBe(302);
    const pub = (await call(publicLoader, makeRequest(`/public/villages/${HONGHE}`), { code: HONGHE })) as Awaited<
      ReturnType<typeof publicLoader>
    >;
    expect(pub.runs).toHaveLength(1);
    expect(pub.runs[0]!.households.every((h) => /^.\*.?$/u.test(h.name))).toBe(true);
  });

  it("prints the notice with masked names", async () => {
    const c = await at("2026-03-21");
    const n = (await call(noticeLoader, makeRequest(`${path}/notice`, { cookie: c.sec }), params)) as Awaited<
      ReturnType<typeof noticeLoader>
    >;
    expect(n.rule?.documentTitle).toBe("《绥阳县农村集体经济组织收益分配管理制度(暂行)》");
    expect(n.dividendPoolFen).toBe(4_227_900n);
    expect(n.rows).toHaveLength(450);
    expect(n.rows.every((r) => /^.\*.?$/u.test(r.name) && r.inKindUnits === 15n)).toBe(true);
    expect(n.noticeFrom).toBe("2026-03-21");
  });

  it("cannot be approved before the notice ends; then two people approve", async () => {
    let c = await at("2026-03-27");
    let version = String((await page(c.sec)).run!.version);
    const early = await post(c.sec, { intent: "approve", version });
    expect(status(early)).toBe(409);
    c = await at("2026-03-28");
    expect(status(await post(c.town, { intent: "confirm", version }))).toBe(409);
    expect(status(await post(c.sec, { intent: "approve", version }))).toBe(302);
    version = String((await page(c.sec)).run!.version);
    expect(status(await post(c.sec, { intent: "confirm", version }))).toBe(403);
    expect(status(await post(c.town, { intent: "confirm", version }))).toBe(302);
    const d = await page(c.bureau);
    expect(d.run).toMatchObject({ status: "approved", approvedBy: "红河村支书", confirmedBy: "宽洞镇农经站" });
    expect(d.rulesUrl).toBe(`/villages/${HONGHE}/rules`);
    expect(status(await post(c.sec, { intent: "draft", recordDate: "2026-03-01" }))).toBe(409);
  });

  it("prints signature sheets per 村民组 and per 联户长, and exports CSV and XLSX", async () => {
    const c = await at("2026-03-29");
    const byGroup = (await call(sheetsLoader, makeRequest(`${path}/sheets?by=group`, { cookie: c.sec }), params)) as Awaited<
      ReturnType<typeof sheetsLoader>
    >;
    expect(byGroup.sheets.map((s) => s.title)).toEqual(["岗上组", "河坝组", "新寨组", "大湾组", "龙井组", "石板组"]);
    expect(byGroup.sheets.reduce((n, s) => n + s.rows.length, 0)).toBe(450);
    expect(byGroup.sheets[0]!.inKindUnits).toBe(BigInt(15 * byGroup.sheets[0]!.rows.length));
    const byLeader = (await call(sheetsLoader, makeRequest(`${path}/sheets?by=leader`, { cookie: c.sec }), params)) as Awaited<
      ReturnType<typeof sheetsLoader>
    >;
    expect(byLeader.sheets.length).toBeGreaterThanOrEqual(15);
    const csv = (await call(exportLoader, makeRequest(`${path}/export?format=csv`, { cookie: c.town }), params)) as Response;
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const raw = new Uint8Array(await csv.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads the 汉字 right
    const text = new TextDecoder().decode(raw);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(451);
    expect(text).toContain("H0007");
    const xlsx = (await call(exportLoader, makeRequest(`${path}/export?format=xlsx`, { cookie: c.town }), params)) as Response;
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
    expect(status(await call(exportLoader, makeRequest(`${path}/export?format=csv`, { cookie: c.secChashan }), params))).toBe(403);
  });

  it("records the hand-out, selected households and then everyone still pending", async () => {
    const c = await at("2026-04-02");
    const d = await page(c.sec);
    const two = d.run!.allocations.slice(0, 2).map((a) => String(a.id));
    expect(
      status(
        await post(c.sec, {
          intent: "handout",
          handout: "collected",
          date: "2026-04-02",
          reference: "岗上组广场",
          scope: "selected",
          allocationId: two,
        }),
      ),
    ).toBe(302);
    expect((await page(c.sec)).run!.counts.pending).toBe(448);
    expect(status(await post(c.sec, { intent: "handout", handout: "collected", date: "2026-04-02", reference: "", scope: "all" }))).toBe(
      302,
    );
    expect((await page(c.sec)).run!.status).toBe("handed_out");
  });

  it("shows member-honghe-1 its own household only, with the reason in plain words", async () => {
    const c = await at("2026-04-03");
    const me = (await call(meLoader, makeRequest("/me", { cookie: c.member }), {})) as Awaited<ReturnType<typeof meLoader>>;
    expect(me.household.code).toBe("H0001");
    expect(me.dividends).toHaveLength(1);
    expect(me.dividends[0]).toMatchObject({ year: 2025, part: { goods: { units: 15n }, handout: { state: "collected" } } });
    expect(me.dividends[0]!.why).toContain("每户15公斤");
    const other = (await call(meLoader, makeRequest(`/me?household=${me.household.id + 1}`, { cookie: c.member }), {})) as Awaited<
      ReturnType<typeof meLoader>
    >;
    expect(other.household.code).toBe("H0001");
    expect(status(await call(meLoader, makeRequest("/me", { cookie: c.sec }), {}))).toBe(403);
  });

  it("corrects an approved run by reversal and a new draft", async () => {
    const c = await at("2026-04-10");
    const version = String((await page(c.sec)).run!.version);
    const bad = await post(c.sec, { intent: "correct", version, reason: " " });
    expect(status(bad)).toBe(400);
    expect(status(await post(c.sec, { intent: "correct", version, reason: "H0002 人口登记有误" }))).toBe(302);
    const d = await page(c.sec);
    expect(d.run?.status).toBe("draft");
    expect(d.history.map((h) => [h.kind, h.status])).toEqual([
      ["regular", "reversed"],
      ["reversal", "approved"],
      ["regular", "draft"],
    ]);
  });
});
