import { beforeAll, describe, expect, it } from "vitest";
import { seededDatabase } from "../../tests/db";
import { call, makeRequest } from "../../tests/remix";
import { loader as homeLoader } from "./_index";
import { loader as villageLoader } from "./public.villages.$code";

beforeAll(async () => {
  await seededDatabase();
});

describe("/", () => {
  it("lists the five villages under their counties and towns", async () => {
    const data = (await call(homeLoader, makeRequest("/"))) as Awaited<ReturnType<typeof homeLoader>>;
    expect(data.villageCount).toBe(5);
    const names = data.counties.flatMap((c) => c.towns.flatMap((t) => t.villages.map((v) => `${c.name}/${t.name}/${v.name}`)));
    expect(names.sort()).toEqual(
      ["播州区/尚嵇镇/茶山村", "绥阳县/宽洞镇/红河村", "凤冈县/进化镇/临江村", "桐梓县/芭蕉镇/黄溪村", "新蒲新区/新舟镇/群乐村"].sort(),
    );
  });
});

describe("/public/villages/:code", () => {
  it("shows 红河村's town, county, model, industries and its approved 2025 figure", async () => {
    const data = (await call(villageLoader, makeRequest("/public/villages/520323102201"), { code: "520323102201" })) as Awaited<
      ReturnType<typeof villageLoader>
    >;
    expect(data.village).toMatchObject({ name: "红河村", townName: "宽洞镇", countyName: "绥阳县" });
    expect(data.organisation.cooperatives[0].model).toBe("党支部+合作社+大户+农户");
    expect(data.industries.map((i) => i.nameZh)).toEqual(["中蜂", "林下药材", "五倍子", "民宿"]);
    const y2025 = data.years.find((y) => y.year === 2025)!;
    expect(y2025.netOperatingIncomeFen).toBe(14_093_000n);
  });

  it("shows 茶山村's model and 群乐村's 280 亩 base", async () => {
    const chashan = (await call(villageLoader, makeRequest("/x"), { code: "520304101201" })) as Awaited<ReturnType<typeof villageLoader>>;
    expect(chashan.organisation.cooperatives[0].model).toBe("党支部+合作社+企业+农户");
    const qunle = (await call(villageLoader, makeRequest("/x"), { code: "520390105201" })) as Awaited<ReturnType<typeof villageLoader>>;
    expect(qunle.organisation.cooperatives[0].model).toBe("党支部+专业合作社+基地+农户");
    expect(qunle.industries[0]).toMatchObject({ nameZh: "胡柚", scaleQuantity: "280.00", drivenAreaMu: "1000.00" });
  });

  it("answers 400 for a malformed code and 404 for an unknown village", async () => {
    const bad = (await call(villageLoader, makeRequest("/x"), { code: "abc" })) as Response;
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("区划代码应为12位数字");
    const missing = (await call(villageLoader, makeRequest("/x"), { code: "520323102999" })) as Response;
    expect(missing.status).toBe(404);
  });
});
