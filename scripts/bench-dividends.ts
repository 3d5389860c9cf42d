/**
 * `npm run bench:dividends -- [--households 5000] [--engine-households 100000] [--runs 10] [--no-write]`
 *
 * 1. On the PostgreSQL server (BENCH_ADMIN_DATABASE_URL, else DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *    creates a scratch database, migrates it and fills one village with N households, their shares
 *    and a dozen approved years (dropped again at the end).
 * 2. Times draftRun — read the households and their shares on the record date, plan, write the run,
 *    its N allocations and its audit row, in one transaction — once per year (a fresh run each time;
 *    the first is a warm-up). Target: under 300 ms for 5,000 households.
 * 3. Times the engine alone (planDividends on a parsed request) for 100,000 households. Target:
 *    under 200 ms.
 * Prints a markdown table and appends it to docs/benchmarks.md, in its "Dividends" section.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";

const { values } = parseArgs({
  options: {
    households: { type: "string", default: "5000" },
    "engine-households": { type: "string", default: "100000" },
    runs: { type: "string", default: "10" },
    "no-write": { type: "boolean", default: false },
  },
});
const N = Number(values.households);
const ENGINE_N = Number(values["engine-households"]);
const RUNS = Number(values.runs);
const root = path.resolve(import.meta.dirname, "..");

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `vl_bench_div_${randomBytes(4).toString("hex")}`;
const scratchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
// the app reads its settings once: point it at the scratch database before importing it
process.env.DATABASE_URL = scratchUrl;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(1);

const COUNTY = "990101000000";
const VILLAGE = "990101001001";
const FIRST_YEAR = 2022;
const WARMUP = 3;

async function fill(sql: postgres.Sql) {
  await sql`insert into regions (code, name, level, parent_code, code_illustrative) values
    ('990000000000', '基准省', 'province', null, true),
    ('990100000000', '基准市', 'city', '990000000000', true),
    (${COUNTY}, '基准县', 'county', '990100000000', true),
    ('990101001000', '基准镇', 'town', ${COUNTY}, true),
    (${VILLAGE}, '基准村', 'village', '990101001000', true)`;
  await sql`insert into villages (code, town_code, county_code, city_code, province_code, source)
    values (${VILLAGE}, '990101001000', ${COUNTY}, '990100000000', '990000000000', 'bench')`;
  await sql`insert into villager_groups (village_code, name) select ${VILLAGE}, g || '组' from generate_series(1, 10) g`;
  await sql`insert into households (village_code, code, head_name, group_id, members, flags, joined_on)
    select ${VILLAGE}, 'H' || lpad(i::text, 5, '0'), '户主' || i,
           (select min(id) from villager_groups where village_code = ${VILLAGE}) + (i % 10),
           1 + i % 6, case when i % 500 = 7 then '{模范示范家庭}'::text[] else '{}'::text[] end, date '2018-01-01' + (i % 900)
    from generate_series(1, ${N}::int) i`;
  await sql`
    insert into members (village_code, household_id, name, relation, sex, birth_date, confirmed_on, confirmation_basis, confirmation_resolution, is_demo)
    select h.village_code, h.id, h.head_name || case when k = 1 then '' else '-' || k end,
           (case when k = 1 then 'head' when k = 2 then 'spouse' else 'child' end)::member_relation,
           (case when k % 2 = 1 then 'male' else 'female' end)::member_sex,
           date '1950-01-01' + ((h.id * 131 + k * 977) % 20000), h.joined_on, 'reform', '合成数据 / synthetic', true
    from households h cross join lateral generate_series(1, h.members) k
    where h.village_code = ${VILLAGE}`;
  const [cls] =
    await sql`insert into share_classes (village_code, kind, name, unit_value_fen) values (${VILLAGE}, 'cash', '现金股', 100000) returning id`;
  await sql`insert into share_ledger (village_code, household_id, share_class_id, entry_type, quantity, effective_on, approved_on, approved_by)
    select ${VILLAGE}, id, ${cls!.id}, 'subscribe', (1 + id % 5) + (id % 7) * 0.25, joined_on, joined_on, 'bench' from households where village_code = ${VILLAGE}`;
  await sql`insert into share_ledger (village_code, household_id, share_class_id, entry_type, quantity, effective_on, approved_on, approved_by)
    select ${VILLAGE}, id, ${cls!.id}, 'increase', 1.5, date '2021-06-01', date '2021-06-01', 'bench' from households where village_code = ${VILLAGE} and id % 3 = 0`;
  await sql`insert into income_years (village_code, year, status, distributable_fen, operating_income_fen, net_operating_income_fen, source, approved_at)
    select ${VILLAGE}, y, 'approved', 98765432100 + y, 98765432100 + y, 98765432100 + y, 'bench', now() from generate_series(${FIRST_YEAR}::int, ${FIRST_YEAR + RUNS + WARMUP}::int) y`;
  await sql`insert into distribution_rules (owner_region_code, rule_key, version, name, document_title, valid_from, extractions, dividend_percent, rewards, split, in_kind, notice_days, source)
    values (${COUNTY}, 'bench', 1, '基准规则', '《基准县农村集体经济组织收益分配管理制度》', '2000-01-01',
      ${JSON.stringify([
        { name: "公积公益金", percent: "10" },
        { name: "福利费", percent: "5.5" },
      ])}::jsonb, 40.1234,
      ${JSON.stringify([{ title: "模范示范家庭", flag: "模范示范家庭", amountFen: "50000" }])}::jsonb,
      ${JSON.stringify([
        { basis: "shares", weight: 60 },
        { basis: "members", weight: 30 },
        { basis: "households", weight: 10 },
      ])}::jsonb,
      ${JSON.stringify({ item: "大米", unit: "kg", unitPriceFen: "600", stepUnits: 5 })}::jsonb, 7, 'bench')`;
}

async function benchPersist() {
  const { openDatabase, migrateDatabase } = await import("../db/client.server");
  const { draftRun, listAllocations } = await import("../app/models/distributions.server");
  const database = await openDatabase({ url: scratchUrl, max: 4 });
  try {
    await migrateDatabase(database);
    const raw = database.raw as postgres.Sql;
    const t0 = performance.now();
    await fill(raw);
    const fillMs = performance.now() - t0;
    const [{ version }] = (await raw`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const year = FIRST_YEAR + i;
      const c0 = process.cpuUsage();
      const start = performance.now();
      const r = await draftRun({
        db: database.db,
        villageCode: VILLAGE,
        year,
        recordDate: `${year + 1}-03-01`,
        actor: "system",
        capacity: { canWrite: true, canConfirm: false },
        today: `${year + 1}-03-20`,
      });
      const took = performance.now() - start;
      const c = process.cpuUsage(c0);
      if (!r.ok) throw new Error(`draftRun ${year}: ${r.code}${r.message ? ` (${r.message.en})` : ""}`);
      if (i === 0) {
        const rows = await listAllocations({ db: database.db, runId: r.runId });
        if (rows.length !== N) throw new Error(`expected ${N} allocations, got ${rows.length}`);
      }
      if (i < WARMUP) continue; // let the JIT settle, as in a running server

      times.push(took);
      cpu.push((c.user + c.system) / 1000);
    }
    return { times, cpu, fillMs, pgVersion: version };
  } finally {
    await database.close();
  }
}

async function benchEngine() {
  const { parseDividendRequest, planDividends } = await import("../app/domain/dividends");
  let s = 20250101;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const households = Array.from({ length: ENGINE_N }, (_, i) => ({
    id: `H${String(i + 1).padStart(6, "0")}`,
    shares: Math.round(rnd() * 50_000) / 10_000,
    members: 1 + Math.floor(rnd() * 7),
    eligible: rnd() > 0.02,
  }));
  const input = {
    year: 2025,
    income: { distributableFen: 987_654_321_987_654, lossesToCoverFen: 12_345_678 },
    rule: {
      extractions: [
        { name: "公积公益金", percent: 10 },
        { name: "福利费", percent: 5.5 },
      ],
      dividendPercent: 40.1234,
      rewards: households
        .filter((h, i) => h.eligible && i % 500 === 7)
        .map((h) => ({ householdId: h.id, title: "模范示范家庭", amountFen: 50_000 })),
      split: [
        { basis: "shares", weight: 60 },
        { basis: "members", weight: 30 },
        { basis: "households", weight: 10 },
      ],
      inKind: { item: "大米", unit: "kg", unitPriceFen: 600, stepUnits: 5 },
    },
    households,
  };
  const parsed = parseDividendRequest(input);
  if (!parsed.ok) throw new Error(parsed.error);
  for (let i = 0; i < 3; i++) planDividends(parsed.request);
  const plan: number[] = [];
  const planCpu: number[] = [];
  const both: number[] = [];
  for (let i = 0; i < 11; i++) {
    const c0 = process.cpuUsage();
    let t = performance.now();
    planDividends(parsed.request);
    plan.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    planCpu.push((c.user + c.system) / 1000);
    t = performance.now();
    const p = parseDividendRequest(input);
    if (p.ok) planDividends(p.request);
    both.push(performance.now() - t);
  }
  return { plan, planCpu, both };
}

function write(table: string) {
  const file = path.join(root, "docs/benchmarks.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = "<!-- bench:dividends start (written by scripts/bench-dividends.ts) -->";
  const end = "<!-- bench:dividends end -->";
  const re = /<!-- bench:dividends start[\s\S]*?<!-- bench:dividends end -->/;
  const previous = re.exec(old)?.[0] ?? "";
  // keep earlier runs (newest first, at most five), each under its own date line
  const runs = previous
    .replace(start, "")
    .replace(end, "")
    .split(/\n(?=### Run )/)
    .map((r) => r.trim())
    .filter((r) => r.startsWith("### Run "));
  const block = [
    start,
    "## Dividends (`npm run bench:dividends`)",
    "",
    "Wall-clock times; \"Node CPU\" is the benchmark process's own CPU time (the database server's work is not in it), which stays meaningful when the machine is busy — the load average is given with each run.",
    "",
    "Drawing up a distribution run = reading the village's households and their shares on the record date, the engine's plan, and writing the run, one allocation per household and the audit row, in one transaction on the PostgreSQL server (target < 300 ms for 5,000 households). The engine alone = `planDividends` on a parsed request (target < 200 ms for 100,000 households). Mixed split (60 % shares, 30 % members, 10 % households), rewards, rice in kind.",
    "",
    [table, ...runs].slice(0, 5).join("\n\n"),
    end,
  ].join("\n");
  const next = re.test(old) ? old.replace(re, block) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`written to ${path.relative(root, file)}`);
}

async function main() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  try {
    const persist = await benchPersist();
    const engine = await benchEngine();
    const cpu = os.cpus()[0]?.model ?? "?";
    const pass = (x: number, limit: number) => (x < limit ? "✅" : "❌");
    const p = median(persist.times);
    const e = median(engine.plan);
    const table = [
      `### Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      "",
      `${os.cpus().length} cores (${cpu}), load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(
          " / ",
        )} at the end, Node ${process.version}, PostgreSQL ${persist.pgVersion}; scratch database filled in ${(persist.fillMs / 1000).toFixed(1)} s; ${WARMUP} warm-up runs not counted.`,
      "",
      "| measure | households | median ms | min ms | max ms | median Node CPU ms | target ms | |",
      "|---|---:|---:|---:|---:|---:|---:|---|",
      `| draft run: read + plan + persist, one transaction (${persist.times.length} runs) | ${N.toLocaleString("en")} | ${ms(p)} | ${ms(Math.min(...persist.times))} | ${ms(Math.max(...persist.times))} | ${ms(median(persist.cpu))} | 300 | ${pass(p, 300)} |`,
      `| engine alone: planDividends (11 runs) | ${ENGINE_N.toLocaleString("en")} | ${ms(e)} | ${ms(Math.min(...engine.plan))} | ${ms(Math.max(...engine.plan))} | ${ms(median(engine.planCpu))} | 200 | ${pass(e, 200)} |`,
      `| engine with validation: parseDividendRequest + planDividends | ${ENGINE_N.toLocaleString("en")} | ${ms(median(engine.both))} | ${ms(Math.min(...engine.both))} | ${ms(Math.max(...engine.both))} | | — | |`,
    ].join("\n");
    console.log(table);
    if (!values["no-write"]) write(table);
  } finally {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();
