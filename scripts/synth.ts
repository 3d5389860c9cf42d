/**
 * `npm run db:synth -- [--villages 200] [--households 300] [--years 10] [--last-year 2025]`
 *
 * Adds a synthetic region for benchmarks to the configured database (DATABASE_URL or PGlite):
 * by default one county of 200 villages × 300 households × 10 years; `--villages 15000` makes a
 * province (200 villages a county, 10 counties a city). Codes start with 99 (no real province),
 * every row says "合成数据 / synthetic". Bulk work runs inside the database (generate_series),
 * so a province takes minutes, not hours. Refuses when the synthetic province already exists:
 * `npm run db:seed` first to start afresh.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDatabase, getDatabase, type Tx } from "../db/client.server";
import * as s from "../db/schema";

const { values } = parseArgs({
  options: {
    villages: { type: "string", default: "200" },
    households: { type: "string", default: "300" },
    years: { type: "string", default: "10" },
    "last-year": { type: "string", default: "2025" },
  },
});
const VILLAGES = Number(values.villages);
const HOUSEHOLDS = Number(values.households);
const YEARS = Number(values.years);
const LAST_YEAR = Number(values["last-year"]);
for (const [k, v] of Object.entries({ VILLAGES, HOUSEHOLDS, YEARS, LAST_YEAR })) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${k.toLowerCase()} must be a whole number ≥ 1`);
    process.exit(2);
  }
}
if (VILLAGES > 99 * 99 * 200 || HOUSEHOLDS > 9999) {
  console.error("too large: at most 1,960,200 villages and 9,999 households a village");
  process.exit(2);
}

const SOURCE = "合成数据 / synthetic (scripts/synth.ts)";
const PROVINCE = "990000000000";
const VILLAGES_PER_TOWN = 20;
const TOWNS_PER_COUNTY = 10;
const COUNTIES_PER_CITY = 10;

type Region = { code: string; name: string; level: "province" | "city" | "county" | "town" | "village"; parentCode: string | null };
const pad = (n: number, w: number) => String(n).padStart(w, "0");

function plan() {
  const regions: Region[] = [{ code: PROVINCE, name: "合成省", level: "province", parentCode: null }];
  const villages: { code: string; townCode: string; countyCode: string; cityCode: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < VILLAGES; i++) {
    const town = Math.floor(i / VILLAGES_PER_TOWN);
    const county = Math.floor(town / TOWNS_PER_COUNTY);
    const city = Math.floor(county / COUNTIES_PER_CITY);
    const cityCode = `99${pad(city + 1, 2)}00000000`;
    const countyCode = `99${pad(city + 1, 2)}${pad((county % COUNTIES_PER_CITY) + 1, 2)}000000`;
    const townCode = `${countyCode.slice(0, 6)}${pad((town % TOWNS_PER_COUNTY) + 101, 3)}000`;
    const code = `${townCode.slice(0, 9)}${pad((i % VILLAGES_PER_TOWN) + 201, 3)}`;
    const add = (r: Region) => {
      if (!seen.has(r.code)) {
        seen.add(r.code);
        regions.push(r);
      }
    };
    add({ code: cityCode, name: `合成市${city + 1}`, level: "city", parentCode: PROVINCE });
    add({ code: countyCode, name: `合成县${county + 1}`, level: "county", parentCode: cityCode });
    add({ code: townCode, name: `合成镇${town + 1}`, level: "town", parentCode: countyCode });
    add({ code, name: `合成村${i + 1}`, level: "village", parentCode: townCode });
    villages.push({ code, townCode, countyCode, cityCode });
  }
  return { regions, villages };
}

async function inBatches<T>(rows: T[], size: number, fn: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

async function bulk(tx: Tx) {
  const like = "99%";
  // five villager groups per village, one 联户长 per 30 households
  await tx.execute(sql`
    insert into villager_groups (village_code, name, is_demo)
    select v.code, g || '组', true from villages v cross join generate_series(1, 5) g where v.code like ${like}`);
  await tx.execute(sql`
    insert into household_leaders (village_code, group_id, name, is_demo)
    select v.code, null, '联户长' || n, true from villages v
    cross join generate_series(1, ${Math.ceil(HOUSEHOLDS / 30)}::int) n where v.code like ${like}`);
  await tx.execute(sql`
    insert into households (village_code, code, head_name, group_id, leader_id, members, joined_on, is_demo)
    select v.code, 'H' || lpad(n::text, 4, '0'), '合成户' || n, g.id, l.id,
           1 + (n * 7 + 3) % 6, date '2015-01-01' + ((n * 37) % 2000), true
    from villages v
    cross join generate_series(1, ${HOUSEHOLDS}::int) n
    join villager_groups g on g.village_code = v.code and g.name = (1 + n % 5) || '组'
    join household_leaders l on l.village_code = v.code and l.name = '联户长' || (1 + (n - 1) / 30)
    where v.code like ${like}`);
  // the 成员名册: as many persons as each household's count, confirmed at the reform (no ID numbers)
  await tx.execute(sql`
    insert into members (village_code, household_id, name, relation, sex, birth_date, confirmed_on, confirmation_basis, confirmation_resolution, is_demo)
    select h.village_code, h.id, h.head_name || case when k = 1 then '' else '-' || k end,
           (case when k = 1 then 'head' when k = 2 then 'spouse' else 'child' end)::member_relation,
           (case when k % 2 = 1 then 'male' else 'female' end)::member_sex,
           date '1950-01-01' + ((h.id * 131 + k * 977) % 20000), h.joined_on, 'reform', '合成数据 / synthetic', true
    from households h cross join lateral generate_series(1, h.members) k
    where h.village_code like ${like}`);
  await tx.execute(sql`
    insert into share_classes (village_code, kind, name, unit_value_fen)
    select code, 'member', '成员股', 0 from villages where code like ${like}`);
  // four of five households hold one to three membership shares
  await tx.execute(sql`
    insert into share_ledger (village_code, household_id, share_class_id, entry_type, quantity, effective_on, approved_on, approved_by, note)
    select h.village_code, h.id, c.id, 'subscribe', 1 + h.id % 3, h.joined_on, h.joined_on, '合成', ${SOURCE}
    from households h join share_classes c on c.village_code = h.village_code
    where h.village_code like ${like} and h.id % 5 <> 0`);
  // one cooperative a village with one of four models, and one to three industries of the catalogue
  // (when the demo seed has put it there), so filters and the industry mix have something to show
  await tx.execute(sql`
    insert into cooperatives (village_code, name, source)
    select code, '合成合作社', ${SOURCE} from villages where code like ${like}`);
  await tx.execute(sql`
    insert into cooperative_partners (cooperative_id, position, role, label)
    select c.id, p.pos, p.role::partner_role, p.label
    from cooperatives c
    cross join lateral (values
      (1, 'party_branch', '党支部'), (2, 'cooperative', '合作社'),
      (3, (array['enterprise','large_grower','base','household'])[1 + abs(hashtext(c.village_code)) % 4],
          (array['企业','大户','基地','农户'])[1 + abs(hashtext(c.village_code)) % 4]),
      (4, 'household', '农户')) as p(pos, role, label)
    where c.village_code like ${like} and (p.pos < 4 or abs(hashtext(c.village_code)) % 4 <> 3)`);
  await tx.execute(sql`
    with catalogue as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from industries)
    insert into village_industries (village_code, industry_id, position, source)
    select v.code, c.id, k, ${SOURCE}
    from villages v cross join generate_series(1, 3) k
    join catalogue c on c.n = (abs(hashtext(v.code || k)) % c.total)
    where v.code like ${like} and k <= 1 + abs(hashtext(v.code)) % 3
    on conflict do nothing`);
  // years: a village's income grows from a hashed base; the last year is still being approved in one village of ten
  const first = LAST_YEAR - YEARS + 1;
  await tx.execute(sql`
    with base as (
      select v.code, y,
        (2000000 + abs(hashtext(v.code)) % 120000000)::bigint * (100 + (y - ${first}::int) * (3 + abs(hashtext(v.code || 'g')) % 12)) / 100 as op
      from villages v cross join generate_series(${first}::int, ${LAST_YEAR}::int) y where v.code like ${like}
    )
    insert into income_years (village_code, year, status, operating_income_fen, expenses_fen, net_operating_income_fen,
                              subsidy_fen, distributable_fen, source, is_demo, approved_at)
    select code, y,
      (case when y = ${LAST_YEAR}::int and abs(hashtext(code)) % 10 = 0 then 'submitted' else 'approved' end)::income_year_status,
      op, op * 45 / 100, op - op * 45 / 100, 0, op - op * 45 / 100, ${SOURCE}, true,
      case when y = ${LAST_YEAR}::int and abs(hashtext(code)) % 10 = 0 then null else make_timestamptz(y + 1, 3, 15, 0, 0, 0) end
    from base`);
  await tx.execute(sql`
    insert into income_lines (income_year_id, direction, kind, description, amount_fen, position)
    select id, 'income'::income_line_direction, 'operating'::income_line_kind, '经营收入（合成）', operating_income_fen * 8 / 10, 1 from income_years where village_code like ${like}
    union all
    select id, 'income'::income_line_direction, 'contracting'::income_line_kind, '发包收入（合成）', operating_income_fen - operating_income_fen * 8 / 10, 2 from income_years where village_code like ${like}
    union all
    select id, 'expense'::income_line_direction, 'operating_cost'::income_line_kind, '经营支出（合成）', expenses_fen, 3 from income_years where village_code like ${like}`);
}

const started = Date.now();
const database = await getDatabase();
const { db } = database;
const existing = await db
  .select({ code: s.regions.code })
  .from(s.regions)
  .where(sql`${s.regions.code} = ${PROVINCE}`);
if (existing.length) {
  console.error("the synthetic province (99…) exists already: run `npm run db:seed` to start afresh");
  await closeDatabase();
  process.exit(2);
}
const { regions, villages } = plan();
await db.transaction(async (tx) => {
  // the households and share-ledger triggers would recompute village_year_figures after each bulk
  // statement; defer them and compute the synthetic villages' figures once, at the end
  await tx.execute(sql`set local village_ledger.defer_figures = 'on'`);
  await inBatches(regions, 2000, (b) => tx.insert(s.regions).values(b));
  await inBatches(villages, 2000, (b) =>
    tx.insert(s.villages).values(b.map((v) => ({ ...v, provinceCode: PROVINCE, source: SOURCE, isDemo: true }))),
  );
  await bulk(tx);
  await tx.execute(sql`select refresh_village_figures(array(select code::text from villages where code like '99%'))`);
});
if (database.kind === "postgres") await db.execute(sql`analyze`);
await closeDatabase();
console.log(
  `synthetic region: ${VILLAGES} villages × ${HOUSEHOLDS} households × ${YEARS} years in ${((Date.now() - started) / 1000).toFixed(1)} s (${database.kind})`,
);
