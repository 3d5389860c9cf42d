import { sql } from "drizzle-orm";
import { computeYearTotals } from "../../app/domain/income";
import type { Db, Tx } from "../../db/client.server";
import * as s from "../../db/schema";
import {
  ILLUSTRATIVE_CODE,
  INDUSTRY_CATALOGUE,
  REGIONS,
  SUIYANG_RULE,
  SYNTHETIC,
  VILLAGE_CODES,
  VILLAGES,
  type VillageFact,
} from "./facts";
import { seedDemoAccounts } from "./accounts";
import { ensureDemoMembers } from "./demo-members";
import { inventName, prng } from "./names";

export type SeedHook = (tx: Tx) => Promise<void>;
const hooks: SeedHook[] = [];
/** Later concerns (demo accounts, …) add their part of the demo data here. */
export function addSeedHook(hook: SeedHook) {
  hooks.push(hook);
}

/** true when the database holds no regions yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ code: s.regions.code }).from(s.regions).limit(1);
  return rows.length === 0;
}

function ancestors(villageCode: string) {
  const byCode = new Map(REGIONS.map((r) => [r.code, r]));
  const out: Record<string, string> = {};
  let cur = byCode.get(villageCode);
  while (cur?.parentCode) {
    const parent = byCode.get(cur.parentCode)!;
    out[parent.level] = parent.code;
    cur = parent;
  }
  return out as { town: string; county: string; city: string; province: string };
}

function dateOf(year: number, rand: () => number) {
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

async function seedVillage(tx: Tx, v: VillageFact, industryIds: Map<string, number>, villageIndex: number) {
  const code = VILLAGE_CODES[v.key];
  const anc = ancestors(code);
  const rand = prng(1000 + villageIndex);
  await tx.insert(s.villages).values({
    code,
    townCode: anc.town,
    countyCode: anc.county,
    cityCode: anc.city,
    provinceCode: anc.province,
    summary: v.summary,
    source: `${v.source}；${ILLUSTRATIVE_CODE}`,
    isDemo: true,
  });
  await tx.insert(s.collectives).values({ villageCode: code, name: v.collectiveName, source: SYNTHETIC });

  let cooperativeId: number | null = null;
  if (v.cooperative) {
    const [coop] = await tx
      .insert(s.cooperatives)
      .values({ villageCode: code, name: v.cooperative.name, source: v.cooperative.source })
      .returning({ id: s.cooperatives.id });
    cooperativeId = coop.id;
    await tx.insert(s.cooperativePartners).values(
      v.cooperative.partners.map((p, i) => ({
        cooperativeId: coop.id,
        position: i + 1,
        role: p.role,
        label: p.label,
        name: p.name ?? null,
      })),
    );
  }

  const villageIndustryIds = new Map<string, number>();
  for (const [i, ind] of v.industries.entries()) {
    const [row] = await tx
      .insert(s.villageIndustries)
      .values({
        villageCode: code,
        industryId: industryIds.get(ind.industry)!,
        cooperativeId,
        description: ind.description,
        scaleQuantity: ind.scaleQuantity ?? null,
        scaleUnit: ind.scaleUnit ?? null,
        drivenAreaMu: ind.drivenAreaMu ?? null,
        householdsDriven: ind.householdsDriven ?? null,
        scaleNote: ind.scaleNote ?? null,
        position: i + 1,
        source: ind.source,
      })
      .returning({ id: s.villageIndustries.id });
    villageIndustryIds.set(ind.industry, row.id);
  }

  const groups = await tx
    .insert(s.villagerGroups)
    .values(v.groups.map((name) => ({ villageCode: code, name, isDemo: true })))
    .returning({ id: s.villagerGroups.id });

  // households spread over the groups; one 联户长 for about every 30 households of a group
  const perGroup = Math.ceil(v.households / groups.length);
  const leaderRows: { villageCode: string; groupId: number; name: string; isDemo: boolean }[] = [];
  const leaderSlots: { group: number; slot: number }[] = [];
  for (const [gi, g] of groups.entries()) {
    const inGroup = Math.min(perGroup, Math.max(0, v.households - gi * perGroup));
    const n = Math.max(1, Math.ceil(inGroup / 30));
    for (let k = 0; k < n; k++) {
      leaderRows.push({ villageCode: code, groupId: g.id, name: inventName(rand), isDemo: true });
      leaderSlots.push({ group: gi, slot: k });
    }
  }
  const leaders = await tx.insert(s.householdLeaders).values(leaderRows).returning({ id: s.householdLeaders.id });
  const leaderOf = (gi: number, indexInGroup: number) => {
    const k = Math.floor(indexInGroup / 30);
    const at = leaderSlots.findIndex((l) => l.group === gi && l.slot === k);
    return leaders[at >= 0 ? at : 0].id;
  };

  const householdRows = [];
  for (let i = 0; i < v.households; i++) {
    const gi = Math.floor(i / perGroup);
    const hcode = `H${String(i + 1).padStart(4, "0")}`;
    const flags: string[] = [];
    // 红河村's two 模范示范家庭 are H0007 and H0031, as in the contract's worked example
    if (v.key === "honghe" && (hcode === "H0007" || hcode === "H0031")) flags.push("模范示范家庭");
    if (rand() < 0.06) flags.push("脱贫户");
    householdRows.push({
      villageCode: code,
      code: hcode,
      headName: inventName(rand),
      groupId: groups[gi].id,
      leaderId: leaderOf(gi, i - gi * perGroup),
      members: 1 + Math.floor(rand() * 6),
      flags,
      joinedOn: dateOf(2016 + Math.floor(rand() * 6), rand),
      isDemo: true,
    });
  }
  const households = await tx
    .insert(s.households)
    .values(householdRows)
    .returning({ id: s.households.id, joinedOn: s.households.joinedOn });

  const [shareClass] = await tx
    .insert(s.shareClasses)
    .values({ villageCode: code, kind: v.shareClass.kind, name: v.shareClass.name, unitValueFen: v.shareClass.unitValueFen })
    .returning({ id: s.shareClasses.id });
  // the first `shareholders` households subscribe: membership shares are one per household,
  // cash shares (茶山村's 集资入股) one to five
  const ledger = households.slice(0, v.shareholders).map((h) => ({
    villageCode: code,
    householdId: h.id,
    shareClassId: shareClass.id,
    entryType: "subscribe" as const,
    quantity: v.shareClass.kind === "cash" ? String(1 + Math.floor(rand() * 5)) : "1",
    effectiveOn: h.joinedOn,
    approvedOn: h.joinedOn,
    approvedBy: "村集体经济组织理事会（示例）",
    note: SYNTHETIC,
  }));
  for (let i = 0; i < ledger.length; i += 500) await tx.insert(s.shareLedger).values(ledger.slice(i, i + 500));

  for (const yf of v.years) {
    const totals = computeYearTotals(yf.lines);
    const [year] = await tx
      .insert(s.incomeYears)
      .values({
        villageCode: code,
        year: yf.year,
        status: "approved",
        operatingIncomeFen: totals.operatingIncomeFen,
        expensesFen: totals.expensesFen,
        netOperatingIncomeFen: totals.netOperatingIncomeFen,
        subsidyFen: totals.subsidyFen,
        distributableFen: totals.distributableFen,
        statedNote: yf.statedNote ?? null,
        source: yf.source,
        isDemo: true,
        approvedAt: new Date(`${yf.year + 1}-03-15T02:00:00Z`),
      })
      .returning({ id: s.incomeYears.id });
    await tx.insert(s.incomeLines).values(
      yf.lines.map((l, i) => ({
        incomeYearId: year.id,
        direction:
          l.kind.startsWith("operating_") || l.kind === "management" || l.kind === "other_expense"
            ? ("expense" as const)
            : ("income" as const),
        kind: l.kind,
        villageIndustryId: l.industry ? (villageIndustryIds.get(l.industry) ?? null) : null,
        description: l.description,
        amountFen: l.amountFen,
        position: i + 1,
      })),
    );
  }
}

/** Writes the demo villages into an empty database, all in one transaction. */
export async function seedDemo(db: Db) {
  await db.transaction(async (tx) => {
    await tx.insert(s.regions).values(
      REGIONS.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: r.parentCode,
        codeIllustrative: r.codeIllustrative ?? false,
        note: r.note ?? null,
      })),
    );
    const industries = await tx
      .insert(s.industries)
      .values(INDUSTRY_CATALOGUE.map((i) => ({ ...i })))
      .returning({ id: s.industries.id, key: s.industries.key });
    const industryIds = new Map(industries.map((i) => [i.key, i.id]));
    for (const [i, v] of VILLAGES.entries()) await seedVillage(tx, v, industryIds, i);

    await ensureDemoMembers(tx);
    await tx.insert(s.distributionRules).values({ ...SUIYANG_RULE, extractions: [] });
    await seedDemoAccounts(tx);
    for (const hook of hooks) await hook(tx);
  });
}

/** Drops everything (the append-only tables included) so that migrations and seed start afresh. */
export async function dropAll(db: Db) {
  await db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`);
  await db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
  await db.execute(sql`CREATE SCHEMA public`);
}
