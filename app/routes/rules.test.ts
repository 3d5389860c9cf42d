import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf, makeRequest } from "../../tests/remix";
import { action as adminAction, loader as adminLoader } from "./admin.rules";
import { action, loader } from "./regions.$code_.rules";

const SUIYANG = "520323000000";
const path = `/regions/${SUIYANG}/rules`;
let bureau: string, bozhou: string, town: string, admin: string, sec: string;

const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
function post(fn: typeof action, url: string, cookie: string, form: Record<string, string>, params: Record<string, string>) {
  const request = new Request(`http://localhost:3000${url}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return call(fn, request, params);
}

const suiyang40 = {
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度》",
  name: "提取40%分红，按股分配",
  validFrom: "2027-01-01",
  dividendPercent: "40",
  "extractions[0].name": "公积公益金",
  "extractions[0].percent": "10",
  "split.shares": "70",
  "split.members": "30",
  noticeDays: "",
};

beforeAll(async () => {
  await seededDatabase();
  [bureau, bozhou, town, admin, sec] = await Promise.all(
    ["bureau-suiyang", "bureau-bozhou", "town-kuandong", "admin", "sec-honghe"].map(cookieFor),
  );
});

describe("/regions/:code/rules", () => {
  it("shows 绥阳县's bureau its rule, editable, with a preview sample of 红河村's households", async () => {
    const d = (await call(loader, makeRequest(path, { cookie: bureau }), { code: SUIYANG })) as Awaited<ReturnType<typeof loader>>;
    expect(d.canEdit).toBe(true);
    expect(d.versions.map((v) => v.documentTitle)).toEqual(["《绥阳县农村集体经济组织收益分配管理制度(暂行)》"]);
    expect(d.startValues).toMatchObject({
      dividendPercent: "30",
      rewards: [{ amount: "500.00" }, {}, {}],
      inKind: { price: "6.00", step: "5" },
      noticeDays: "7",
    });
    expect(d.sample).toMatchObject({ villageName: "红河村", year: 2025, distributableFen: 14_093_000n });
    expect(d.sample?.households).toHaveLength(450);
  });

  it("keeps other counties' bureaus, towns and secretaries out, and answers a town's code with 404", async () => {
    expect(status(await call(loader, makeRequest(path, { cookie: bozhou }), { code: SUIYANG }))).toBe(403);
    expect(status(await call(loader, makeRequest(path, { cookie: town }), { code: SUIYANG }))).toBe(403);
    expect(status(await call(loader, makeRequest(path, { cookie: sec }), { code: SUIYANG }))).toBe(403);
    expect(status(await post(action, path, bozhou, suiyang40, { code: SUIYANG }))).toBe(403);
    expect(status(await call(loader, makeRequest("/regions/520323102000/rules", { cookie: bureau }), { code: "520323102000" }))).toBe(404);
  });

  it("answers bad fields with 400 and each field's message; writes nothing", async () => {
    const r = await post(
      action,
      path,
      bureau,
      { ...suiyang40, dividendPercent: "95", "split.members": "20", validFrom: "2027-13-01" },
      { code: SUIYANG },
    );
    expect(status(r)).toBe(400);
    expect(Object.keys(errorsOf(r)).sort()).toEqual(["dividendPercent", "split", "validFrom"]);
    expect(errorsOf(r).split!.en).toBe("The weights must add up to 100");
    const d = (await call(loader, makeRequest(path, { cookie: bureau }), { code: SUIYANG })) as Awaited<ReturnType<typeof loader>>;
    expect(d.versions).toHaveLength(1);
  });

  it("saves a new version, notice days defaulting to 7", async () => {
    const r = await post(action, path, bureau, suiyang40, { code: SUIYANG });
    expect(status(r)).toBe(302);
    const d = (await call(loader, makeRequest(path, { cookie: bureau }), { code: SUIYANG })) as Awaited<ReturnType<typeof loader>>;
    expect(d.versions.map((v) => [v.version, v.validFrom, v.dividendPercent, v.noticeDays])).toEqual([
      [2, "2027-01-01", "40", 7],
      [1, "2025-01-01", "30", 7],
    ]);
  });
});

describe("/admin/rules", () => {
  it("is for admins only", async () => {
    expect(status(await call(adminLoader, makeRequest("/admin/rules", { cookie: bureau }), {}))).toBe(403);
    expect(status(await post(adminAction, "/admin/rules", bureau, suiyang40, {}))).toBe(403);
  });

  it("creates a template and versions it", async () => {
    expect(status(await post(adminAction, "/admin/rules", admin, { ...suiyang40, name: "按股分配模板" }, {}))).toBe(302);
    let d = (await call(adminLoader, makeRequest("/admin/rules", { cookie: admin }), {})) as Awaited<ReturnType<typeof adminLoader>>;
    expect(d.templates.map((t) => [t.name, t.version])).toEqual([["按股分配模板", 1]]);
    const key = d.templates[0]!.ruleKey;
    expect(
      status(await post(adminAction, "/admin/rules", admin, { ...suiyang40, name: "按股分配模板（2027修订）", ruleKey: key }, {})),
    ).toBe(302);
    d = (await call(adminLoader, makeRequest(`/admin/rules?key=${key}`, { cookie: admin }), {})) as Awaited<ReturnType<typeof adminLoader>>;
    expect(d.templates.map((t) => [t.name, t.version])).toEqual([["按股分配模板（2027修订）", 2]]);
    expect(d.startValues.name).toBe("按股分配模板（2027修订）");
    const bad = await post(adminAction, "/admin/rules", admin, { ...suiyang40, documentTitle: "" }, {});
    expect(status(bad)).toBe(400);
  });
});
