/**
 * `npm run bench:me -- [--years 20] [--duration 10] [--connections 10] [--port 3190] [--keep] [--no-write]`
 *
 * HTTP benchmark of the member's page (/me) for a household with 20 years of history, against
 * the *built* server (`npm run build` first; this script builds nothing):
 *  1. creates a scratch database on the PostgreSQL server (BENCH_ADMIN_DATABASE_URL, else
 *     DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), migrates it and seeds the
 *     demo villages;
 *  2. gives 红河村 (450 households) `--years` approved income years up to 2025 and takes each year
 *     through the app's own models — draft, 公示, the secretary's approval, the town's
 *     confirmation, the hand-out's place and date, the hand-out (all but the last year) — so
 *     H0001 (member-honghe-1's household) has a run, an allocation and a share movement every
 *     year, beside the demo seed's persons on the register (ID numbers encrypted);
 *  3. starts scripts/serve.ts with NODE_ENV=production (DEMO=1, for the demo account) on it,
 *     signs in as member-honghe-1 over HTTP, and runs autocannon at `--connections` for
 *     `--duration` seconds on /healthz, on /login for a visitor (the yardsticks) and on /me;
 *  4. writes the figures into docs/benchmarks.md (its own block) and drops the scratch database
 *     (`--keep` keeps it). Target: /me p99 < 100 ms at 10 connections.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { measure, signIn, startServer, type Measure } from "./bench-server";

const { values } = parseArgs({
  options: {
    years: { type: "string", default: "20" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: "3190" },
    keep: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const YEARS = Number(values.years);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const PORT = Number(values.port);
if (!Number.isInteger(YEARS) || YEARS < 1 || YEARS > 40) throw new Error("--years: 1 to 40");
const LAST_YEAR = 2025;
const FIRST_YEAR = LAST_YEAR - YEARS + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const HONGHE = "520323102201";
const TARGET_P99 = 100;
const root = path.resolve(import.meta.dirname, "..");

if (!existsSync(path.join(root, "build/index.js"))) {
  console.error("no build: run `npm run build` first (bench:me measures the built server and builds nothing)");
  process.exit(2);
}

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `vl_bench_me_${randomBytes(4).toString("hex")}`;
const scratchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
// the app reads its settings once: point it at the scratch database (and a key for the ID numbers) before importing it
const SECRET_KEY = randomBytes(32).toString("base64");
process.env.DATABASE_URL = scratchUrl;
process.env.NOTIFY_SECRET_KEY = SECRET_KEY;

const sec = { id: "demo-sec-honghe", username: "sec-honghe" };
const town = { id: "demo-town-kuandong", username: "town-kuandong" };
const asSecretary = { canWrite: true, canConfirm: false };
const asTown = { canWrite: false, canConfirm: true };

/** Builds the history through the app's models; returns how long it took and what it made. */
async function prepare() {
  const { openDatabase, migrateDatabase } = await import("../db/client.server");
  const { seedDemo } = await import("./seed/seed");
  const { draftRun, getLiveRun } = await import("../app/models/distributions.server");
  const { startNotice } = await import("../app/models/distribution-notice.server");
  const { approveRun, confirmRun, recordHandout } = await import("../app/models/distribution-approval.server");
  const { setHandoutPlace } = await import("../app/models/distribution-handout.server");
  const { setNowForTests } = await import("../app/utils/clock.server");

  const database = await openDatabase({ url: scratchUrl, max: 4 });
  const t0 = performance.now();
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    const raw = database.raw as postgres.Sql;
    const [{ version }] = (await raw`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    // every household on the register from 2000 (the demo's join dates are recent), so each year has all 450
    await raw`update households set joined_on = '2000-01-01' where village_code = ${HONGHE}`;
    await raw`insert into income_years (village_code, year, status, operating_income_fen, net_operating_income_fen, distributable_fen, source, is_demo, approved_at)
      select ${HONGHE}, y, 'approved', 9000000 + y * 1000, 9000000 + y * 1000, 9000000 + y * 1000, 'bench:me', true, make_timestamptz(y + 1, 3, 15, 10, 0, 0, 'Asia/Shanghai')
      from generate_series(${FIRST_YEAR}::int, ${LAST_YEAR}::int) y
      where not exists (select 1 from income_years i where i.village_code = ${HONGHE} and i.year = y)`;
    // the county's older rule, in cash by household and share, for the years before the demo rule (rice, from 2025-01-01)
    await raw`insert into distribution_rules (owner_region_code, rule_key, version, name, document_title, valid_from, extractions, dividend_percent, rewards, split, in_kind, notice_days, source)
      values ('520323000000', 'bench-me-older', 1, '现金分红（基准测试）', '《绥阳县农村集体收益分配办法（基准测试）》', '2000-01-01',
        ${JSON.stringify([{ name: "公积公益金", percent: "10" }])}::jsonb, 30,
        ${JSON.stringify([{ title: "模范示范家庭", flag: "模范示范家庭", amountFen: "20000" }])}::jsonb,
        ${JSON.stringify([
          { basis: "households", weight: 60 },
          { basis: "shares", weight: 40 },
        ])}::jsonb, null, 7, 'bench:me')`;
    const [h] = await raw`select id from households where village_code = ${HONGHE} and code = 'H0001'`;
    const householdId = Number(h!.id);
    const [cls] = await raw`select id from share_classes where village_code = ${HONGHE} order by id limit 1`;
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++)
      await raw`insert into share_ledger (village_code, household_id, share_class_id, entry_type, quantity, effective_on, approved_on, approved_by, note)
        values (${HONGHE}, ${householdId}, ${cls!.id}, 'increase', 0.5, ${`${y}-06-01`}, ${`${y}-06-01`}, '理事会（基准测试）', 'bench:me')`;
    const runs: number[] = [];
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      const d = (md: string) => `${y + 1}-${md}`;
      const c = (today: string) => ({ db: database.db, villageCode: HONGHE, year: y, today });
      const check = (what: string, r: { ok: boolean; code?: string; message?: { en: string } }) => {
        if (!r.ok) throw new Error(`${y} ${what}: ${r.code}${r.message ? ` (${r.message.en})` : ""}`);
      };
      setNowForTests(new Date(`${d("03-20")}T04:00:00Z`));
      check("draft", await draftRun({ ...c(d("03-20")), recordDate: d("03-01"), actor: sec, capacity: asSecretary }));
      const live = async () => (await getLiveRun({ db: database.db, villageCode: HONGHE, year: y }))!;
      check(
        "notice",
        await startNotice({
          ...c(d("03-20")),
          version: (await live()).version,
          from: d("03-21"),
          to: d("03-27"),
          actor: sec,
          capacity: asSecretary,
        }),
      );
      setNowForTests(new Date(`${d("03-28")}T04:00:00Z`));
      check("approve", await approveRun({ ...c(d("03-28")), version: (await live()).version, actor: sec, capacity: asSecretary }));
      check("confirm", await confirmRun({ ...c(d("03-28")), version: (await live()).version, actor: town, capacity: asTown }));
      check("place", await setHandoutPlace({ ...c(d("03-28")), place: "岗上组广场", on: d("04-10"), actor: sec, capacity: asSecretary }));
      // every year handed out but the last: that one is still to collect, with its place and date
      if (y < LAST_YEAR)
        check(
          "handout",
          await recordHandout({
            ...c(d("04-10")),
            allocationIds: null,
            status: "collected",
            date: d("04-10"),
            reference: "",
            actor: sec,
            capacity: asSecretary,
          }),
        );
      runs.push((await live()).id);
    }
    setNowForTests(null);
    const [{ n, persons }] =
      (await raw`select (select count(*)::int from distribution_allocations where household_id = ${householdId}) as n,
      (select count(*)::int from members where household_id = ${householdId} and id_number_ciphertext is not null) as persons`) as unknown as [
        { n: number; persons: number },
      ];
    return { pgVersion: version, seconds: (performance.now() - t0) / 1000, allocations: n, persons, runs: runs.length };
  } finally {
    await database.close();
  }
}

/** the built server on the scratch database, with the key its demo ID numbers were sealed under */
function startBenchServer() {
  return startServer(BASE, {
    DATABASE_URL: scratchUrl,
    NOTIFY_SECRET_KEY: SECRET_KEY,
    PORT: String(PORT),
    NODE_ENV: "production",
    DEMO: "1",
    SEED_ON_START: "0",
    OUTBOX_POLL_MS: "0",
    WEB_CONCURRENCY: "1",
  });
}

const measureHere = (url: string, cookie: string | null) => measure(url, cookie, { connections: CONNECTIONS, duration: DURATION });

async function main() {
  const loadAtStart = os.loadavg();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  let server: ChildProcess | null = null;
  try {
    const made = await prepare();
    console.log(
      `${made.runs} approved years (${FIRST_YEAR}–${LAST_YEAR}) for 红河村's 450 households through the app's models in ${made.seconds.toFixed(1)} s; H0001 has ${made.allocations} allocations and ${made.persons} persons with ID numbers`,
    );
    server = await startBenchServer();
    const { DEMO_PASSWORD } = await import("../app/utils/demo.server");
    const cookie = await signIn(BASE, "member-honghe-1", DEMO_PASSWORD);
    const page = await fetch(`${BASE}/me`, { headers: { cookie } });
    const html = await page.text();
    if (page.status !== 200) throw new Error(`/me answered ${page.status}`);
    const cards = (html.match(/data-testid="dividend-\d{4}"/g) ?? []).length;
    if (cards !== YEARS) throw new Error(`/me shows ${cards} years, expected ${YEARS}`);
    if (!html.includes(`请于 ${LAST_YEAR + 1}-04-10 到 岗上组广场 领取`)) throw new Error("/me does not say where and when to collect");
    // warm-up, then the yardsticks and the page, each measured in this same run
    await measureHere(`${BASE}/me`, cookie);
    const healthz = await measureHere(`${BASE}/healthz`, null);
    const login = await measureHere(`${BASE}/login`, null);
    const me = await measureHere(`${BASE}/me`, cookie);
    const rows = [
      { name: "`/healthz`", m: healthz },
      { name: "`/login` (a visitor)", m: login },
      { name: `\`/me\` (member-honghe-1, ${YEARS} years)`, m: me },
    ];
    for (const r of rows)
      console.log(
        `${r.name.padEnd(40)} ${r.m.reqPerSec.toFixed(1).padStart(8)} req/s  p50 ${r.m.p50} ms  p99 ${r.m.p99} ms${r.m.non2xx ? `  ${r.m.non2xx} non-2xx!` : ""}`,
      );
    const ok = me.p99 < TARGET_P99 && me.non2xx === 0;
    console.log(`${ok ? "✅" : "❌"} /me p99 ${me.p99} ms (target < ${TARGET_P99} ms)`);
    if (!values["no-write"]) write(rows, { ...made, loadAtStart, ok, me, bytes: Buffer.byteLength(html) });
  } finally {
    if (server) {
      await new Promise((r) => setTimeout(r, 3000));
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1500));
    }
    if (!values.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    else console.log(`kept ${dbName}`);
    await admin.end();
  }
}

function write(
  rows: { name: string; m: Measure }[],
  info: { pgVersion: string; seconds: number; persons: number; loadAtStart: number[]; ok: boolean; me: Measure; bytes: number },
) {
  const file = path.join(root, "docs/benchmarks.md");
  const cpu = os.cpus()[0]?.model ?? "?";
  const block = [
    "<!-- bench:me start (written by scripts/bench-me.ts) -->",
    "## The member's page with 20 years of history (`npm run bench:me`)",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${cpu}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${info.pgVersion}; built server (NODE_ENV=production, one process), ` +
      `${CONNECTIONS} connections, ${DURATION} s per measurement; load average when it started ${info.loadAtStart.map((l) => l.toFixed(1)).join(" / ")}. ` +
      `The demo seed, then ${YEARS} years (${FIRST_YEAR}–${LAST_YEAR}) of 红河村 (450 households) drafted, noticed, approved, confirmed, given a hand-out place and date and handed out ` +
      `through the app's models in ${info.seconds.toFixed(1)} s; member-honghe-1's household H0001 has a run, an allocation and a share movement every year and ${info.persons} persons with encrypted ID numbers (the demo seed's). ` +
      `The page is ${Math.round(info.bytes / 1024)} KiB of HTML.`,
    "",
    "| URL | req/s | p50 ms | p99 ms | non-2xx |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${r.m.reqPerSec.toFixed(1)} | ${r.m.p50} | ${r.m.p99} | ${r.m.non2xx} |`),
    "",
    `Target: \`/me\` p99 < ${TARGET_P99} ms at ${CONNECTIONS} connections — ${info.ok ? "✅" : "❌"} ${info.me.p99} ms. ` +
      "`/healthz` (a loader answering “ok”) and `/login` for a visitor (a whole page, no session, no database) are measured in the same run as yardsticks.",
    "<!-- bench:me end -->",
  ].join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = /<!-- bench:me start[\s\S]*?<!-- bench:me end -->/;
  writeFileSync(file, re.test(old) ? old.replace(re, block) : `${old.trimEnd()}\n\n${block}\n`);
  console.log(`written to ${path.relative(root, file)}`);
}

await main();
