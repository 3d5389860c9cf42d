import { describe, expect, it } from "vitest";
import {
  covers,
  creatableRoles,
  grantLevelFits,
  homePath,
  mayAct,
  mayGrant,
  mayManage,
  type Grant,
  type HouseholdPlace,
  type RegionPlace,
  type VillagePlace,
} from "./scope";

const honghe: VillagePlace = {
  kind: "village",
  code: "520323102201",
  townCode: "520323102000",
  countyCode: "520323000000",
  cityCode: "520300000000",
  provinceCode: "520000000000",
};
const chashan: VillagePlace = {
  kind: "village",
  code: "520304101201",
  townCode: "520304101000",
  countyCode: "520304000000",
  cityCode: "520300000000",
  provinceCode: "520000000000",
};
const suiyang: RegionPlace = {
  kind: "region",
  code: "520323000000",
  level: "county",
  chain: ["520323000000", "520300000000", "520000000000"],
};
const bozhou: RegionPlace = {
  kind: "region",
  code: "520304000000",
  level: "county",
  chain: ["520304000000", "520300000000", "520000000000"],
};
const zunyi: RegionPlace = { kind: "region", code: "520300000000", level: "city", chain: ["520300000000", "520000000000"] };
const hongheRegion: RegionPlace = {
  kind: "region",
  code: honghe.code,
  level: "village",
  chain: [honghe.code, honghe.townCode, honghe.countyCode, honghe.cityCode, honghe.provinceCode],
};
const chashanRegion: RegionPlace = {
  kind: "region",
  code: chashan.code,
  level: "village",
  chain: [chashan.code, chashan.townCode, chashan.countyCode, chashan.cityCode, chashan.provinceCode],
};
const hh1: HouseholdPlace = { kind: "household", id: 1, village: honghe };
const hh2: HouseholdPlace = { kind: "household", id: 2, village: honghe };
const ch1: HouseholdPlace = { kind: "household", id: 900, village: chashan };

let nextId = 1;
const g = (
  role: Grant["role"],
  regionCode: string | null = null,
  householdId: number | null = null,
  householdVillageCode: string | null = null,
): Grant => ({
  id: nextId++,
  role,
  regionCode,
  householdId,
  householdVillageCode,
});
const admin = g("admin");
const bureauZunyi = g("bureau", zunyi.code);
const bureauSuiyang = g("bureau", suiyang.code);
const town = g("town", honghe.townCode);
const secretary = g("secretary", honghe.code);
const member = g("member", null, hh1.id, honghe.code);

describe("covers", () => {
  it("admin covers every place", () => {
    for (const p of [honghe, chashan, suiyang, bozhou, hh1, ch1]) expect(covers(admin, p)).toBe(true);
  });
  it("a bureau covers the villages, households and regions within its region, not beside or above it", () => {
    expect(covers(bureauSuiyang, honghe)).toBe(true);
    expect(covers(bureauSuiyang, hh1)).toBe(true);
    expect(covers(bureauSuiyang, suiyang)).toBe(true);
    expect(covers(bureauSuiyang, chashan)).toBe(false);
    expect(covers(bureauSuiyang, bozhou)).toBe(false);
    expect(covers(bureauSuiyang, zunyi)).toBe(false);
    expect(covers(bureauZunyi, honghe)).toBe(true);
    expect(covers(bureauZunyi, chashan)).toBe(true);
    expect(covers(bureauZunyi, bozhou)).toBe(true);
  });
  it("a town officer covers its town's villages only", () => {
    expect(covers(town, honghe)).toBe(true);
    expect(covers(town, chashan)).toBe(false);
    expect(covers(town, suiyang)).toBe(false);
  });
  it("a secretary covers its own village and its households", () => {
    expect(covers(secretary, honghe)).toBe(true);
    expect(covers(secretary, hongheRegion)).toBe(true);
    expect(covers(secretary, hh2)).toBe(true);
    expect(covers(secretary, chashan)).toBe(false);
    expect(covers(secretary, chashanRegion)).toBe(false);
    expect(covers(secretary, ch1)).toBe(false);
  });
  it("a member covers its own household and its village, never another household or a region", () => {
    expect(covers(member, hh1)).toBe(true);
    expect(covers(member, honghe)).toBe(true);
    expect(covers(member, hh2)).toBe(false);
    expect(covers(member, ch1)).toBe(false);
    expect(covers(member, chashan)).toBe(false);
    expect(covers(member, hongheRegion)).toBe(false);
  });
});

describe("mayAct", () => {
  it("needs one grant of the right role that reaches every place", () => {
    expect(mayAct([secretary, bureauSuiyang], "secretary", [honghe])).toBe(true);
    expect(mayAct([secretary], ["town", "bureau"], [honghe])).toBe(false);
    expect(mayAct([town, g("secretary", chashan.code)], "secretary", [honghe])).toBe(false);
    expect(mayAct([member], undefined, [hh1])).toBe(true);
    expect(mayAct([], undefined, [])).toBe(false);
  });
});

describe("homePath", () => {
  it("lands each role on its home", () => {
    expect(homePath([admin])).toBe("/admin");
    expect(homePath([bureauSuiyang])).toBe("/regions/520323000000");
    expect(homePath([town])).toBe("/regions/520323102000");
    expect(homePath([secretary])).toBe("/villages/520323102201");
    expect(homePath([member])).toBe("/me");
    expect(homePath([])).toBe("/");
    expect(homePath([member, secretary])).toBe("/villages/520323102201");
  });
});

describe("who may hand out which grant", () => {
  it("admins any; bureaus secretaries in their region; secretaries members of their village", () => {
    expect(mayGrant([admin], { role: "bureau", region: suiyang })).toBe(true);
    expect(mayGrant([bureauSuiyang], { role: "secretary", region: hongheRegion })).toBe(true);
    expect(mayGrant([bureauSuiyang], { role: "secretary", region: chashanRegion })).toBe(false);
    expect(mayGrant([bureauSuiyang], { role: "town", region: { ...suiyang, code: honghe.townCode, level: "town" } })).toBe(false);
    expect(mayGrant([bureauSuiyang], { role: "admin" })).toBe(false);
    expect(mayGrant([secretary], { role: "member", household: hh2 })).toBe(true);
    expect(mayGrant([secretary], { role: "member", household: ch1 })).toBe(false);
    expect(mayGrant([secretary], { role: "secretary", region: hongheRegion })).toBe(false);
    expect(mayGrant([town], { role: "secretary", region: hongheRegion })).toBe(false);
    expect(mayGrant([member], { role: "member", household: hh1 })).toBe(false);
  });
  it("checks a region's level against the role", () => {
    expect(grantLevelFits({ role: "bureau", region: suiyang })).toBe(true);
    expect(grantLevelFits({ role: "town", region: suiyang })).toBe(false);
    expect(grantLevelFits({ role: "secretary", region: hongheRegion })).toBe(true);
    expect(grantLevelFits({ role: "bureau", region: hongheRegion })).toBe(false);
  });
  it("manages a user only when it could have handed out every grant they hold, never itself", () => {
    const actor = { id: "b", grants: [bureauSuiyang] };
    expect(mayManage(actor, { id: "s", grants: [{ role: "secretary", region: hongheRegion }] })).toBe(true);
    expect(
      mayManage(actor, {
        id: "s",
        grants: [
          { role: "secretary", region: hongheRegion },
          { role: "secretary", region: chashanRegion },
        ],
      }),
    ).toBe(false);
    expect(mayManage(actor, { id: "x", grants: [] })).toBe(false);
    expect(mayManage(actor, { id: "b", grants: [] })).toBe(false);
    expect(mayManage({ id: "a", grants: [admin] }, { id: "x", grants: [] })).toBe(true);
    expect(mayManage({ id: "a", grants: [admin] }, { id: "a", grants: [{ role: "admin" }] })).toBe(false);
  });
  it("offers each role the accounts it may create", () => {
    expect(creatableRoles([admin])).toEqual(["admin", "bureau", "town", "secretary", "member"]);
    expect(creatableRoles([bureauSuiyang])).toEqual(["secretary"]);
    expect(creatableRoles([secretary])).toEqual(["member"]);
    expect(creatableRoles([town])).toEqual([]);
    expect(creatableRoles([member])).toEqual([]);
  });
});
