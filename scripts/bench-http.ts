/**
 * `npm run bench:http -- [--villages 15000] [--households 300] [--years 10] [--duration 10]
 *                        [--connections 10] [--db vl_bench] [--reuse] [--port 3100] [--workers 1]
 *                        [--no-write]`
 *
 * HTTP benchmark of the region dashboards on a synthetic province, against the *built* server
 * (`npm run build` first; this script builds nothing):
 *  1. creates a scratch database on the PostgreSQL server (BENCH_ADMIN_DATABASE_URL, else
 *     DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), seeds the demo and runs
 *     `synth --villages N --households H --years Y`, timing both (`--reuse` keeps a scratch
 *     database that already holds the synthetic province);
 *  2. adds a bureau user granted the synthetic province (990000000000) and starts
 *     scripts/serve.ts with NODE_ENV=production on that database;
 *  3. signs in over HTTP (POST /login) for a session cookie;
 *  4. for each page — a village workspace, a county dashboard, the province dashboard, the county
 *     API — runs autocannon at `--connections` for `--duration` seconds on /healthz, on the
 *     constant page (/login for a visitor) and then on the page, and reports req/s, p50, p99,
 *     the ratios and the issue's targets;
 *  5. writes the results with the machine into docs/benchmarks.md (its own section only).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { hashPassword } from "../app/utils/password.server";
import { measure, signIn, startServer, type Measure } from "./bench-server";

const { values } = parseArgs({
  options: {
    villages: { type: "string", default: "15000" },
    households: { type: "string", default: "300" },
    years: { type: "string", default: "10" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    db: { type: "string", default: "vl_bench" },
    port: { type: "string", default: "3100" },
    workers: { type: "string", default: "1" },
    reuse: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const root = path.resolve(import.meta.dirname, "..");
const DB_NAME = values.db!;
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(DB_NAME)) throw new Error("--db: a plain lower-case database name");
const PORT = Number(values.port);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const WORKERS = Number(values.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 1 || WORKERS > 64) throw new Error("--workers: 1 to 64 server processes");
const BASE = `http://127.0.0.1:${PORT}`;

if (!existsSync(path.join(root, "build/index.js"))) {
  console.error("no build: run `npm run build` first (bench:http measures the built server and builds nothing)");
  process.exit(2);
}

const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

function run(cmd: string[], env: Record<string, string>): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve((Date.now() - started) / 1000) : reject(new Error(`${cmd.join(" ")} exited ${code}`)),
    );
  });
}
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

async function prepareDatabase() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  let timings: { seed: number; synth: number } | null = null;
  if (values.reuse && exists) {
    const db = postgres(benchUrl, { max: 1, onnotice: () => {} });
    const [row] = await db`select count(*)::int as n from villages where province_code = '990000000000'`;
    await db.end();
    if (!row || row.n === 0) throw new Error(`--reuse: ${DB_NAME} has no synthetic province`);
    console.log(`reusing ${DB_NAME} (${row.n} synthetic villages)`);
  } else {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
    const env = { DATABASE_URL: benchUrl, NODE_ENV: "development" };
    const seed = await run([tsx, "scripts/seed.ts"], env);
    const synth = await run(
      [tsx, "scripts/synth.ts", "--villages", values.villages!, "--households", values.households!, "--years", values.years!],
      env,
    );
    timings = { seed, synth };
  }
  const [version] = await admin`show server_version`;
  await admin.end();
  return { timings, pgVersion: String(version?.server_version ?? "?") };
}

const BENCH_USER = "bench-province";
const BENCH_PASSWORD = "bench-Province-2026!";

async function ensureBenchUser() {
  const db = postgres(benchUrl, { max: 1, onnotice: () => {} });
  const hash = await hashPassword(BENCH_PASSWORD);
  await db`delete from role_grants where user_id = ${"bench-" + BENCH_USER}`;
  await db`delete from sessions where user_id = ${"bench-" + BENCH_USER}`;
  await db`delete from users where id = ${"bench-" + BENCH_USER}`;
  await db`insert into users (id, username, display_name, password_hash) values (${"bench-" + BENCH_USER}, ${BENCH_USER}, '合成省农业农村厅（基准测试）', ${hash})`;
  await db`insert into role_grants (user_id, role, region_code) values (${"bench-" + BENCH_USER}, 'bureau', '990000000000')`;
  const [village] = await db`select code from villages where county_code = '990101000000' order by code limit 1`;
  await db.end();
  return { villageCode: String(village!.code).trim() };
}

/** the built server on the benchmark's database, its figures cache as given */
function startBenchServer(cacheSeconds: string) {
  return startServer(BASE, {
    DATABASE_URL: benchUrl,
    PORT: String(PORT),
    NODE_ENV: "production",
    SEED_ON_START: "0",
    FIGURES_CACHE_SECONDS: cacheSeconds,
    WEB_CONCURRENCY: String(WORKERS),
  });
}

const measureHere = (url: string, cookie: string | null) => measure(url, cookie, { connections: CONNECTIONS, duration: DURATION });

const loadAtStart = os.loadavg();

/**
 * Two yardsticks, measured just before each page in the same run: /healthz (a loader answering
 * "ok": the floor of any request) and the sign-in page for a visitor (a whole page through the
 * same express stack, root loader, layout and React render, but no session and no database work).
 */
const HEALTHZ = "/healthz";
const CONSTANT_PAGE = "/login";

type Row = { name: string; path: string; page: Measure; constant: Measure; shell: Measure; target: Target };
type Target = { p99?: number; ratio?: number };

async function runTargets(cacheSeconds: string, targets: { name: string; path: string; target: Target }[]): Promise<Row[]> {
  const server = await startBenchServer(cacheSeconds);
  try {
    const cookie = await signIn(BASE, BENCH_USER, BENCH_PASSWORD);
    for (const t of targets) {
      const r = await fetch(BASE + t.path, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`${t.path} answered ${r.status}`);
      await r.arrayBuffer();
    }
    const rows: Row[] = [];
    for (const t of targets) {
      const constant = await measureHere(BASE + HEALTHZ, cookie);
      const shell = await measureHere(BASE + CONSTANT_PAGE, null);
      const page = await measureHere(BASE + t.path, cookie);
      rows.push({ ...t, page, constant, shell });
      console.log(
        `${t.name.padEnd(24)} ${page.reqPerSec.toFixed(1).padStart(8)} req/s  p50 ${page.p50} ms  p99 ${page.p99} ms  ` +
          `(/healthz ${constant.reqPerSec.toFixed(0)} req/s, ratio ${(page.reqPerSec / constant.reqPerSec).toFixed(3)}; ` +
          `constant page ${shell.reqPerSec.toFixed(0)} req/s, ratio ${(page.reqPerSec / shell.reqPerSec).toFixed(3)})  ${verdict({ ...t, page, constant, shell })}` +
          (page.non2xx + shell.non2xx ? `  ${page.non2xx + shell.non2xx} non-2xx!` : ""),
      );
    }
    return rows;
  } finally {
    // let requests still in flight when autocannon stopped finish before the server goes
    await new Promise((r) => setTimeout(r, 6000));
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
  }
}

async function main() {
  const { timings, pgVersion } = await prepareDatabase();
  const { villageCode } = await ensureBenchUser();
  const county = "/regions/990101000000?year=2025";
  const province = "/regions/990000000000?year=2025";
  const api = "/api/v1/regions/990101000000/villages?year=2025";
  const cached = await runTargets("60", [
    { name: "village page", path: `/villages/${villageCode}`, target: { ratio: 0.5 } },
    { name: "county page", path: county, target: { p99: 300 } },
    { name: "province page", path: province, target: { p99: 300 } },
    { name: "county API", path: api, target: {} },
  ]);
  // the same pages with the figures cache off: every request aggregates afresh in SQL
  const uncached = await runTargets("0", [
    { name: "county page, no cache", path: county, target: {} },
    { name: "province page, no cache", path: province, target: {} },
    { name: "county API, no cache", path: api, target: {} },
  ]);
  if (!values["no-write"]) writeReport([...cached, ...uncached], { timings, pgVersion });
}

/** ✅/❌ against the issue's targets: p99 for the dashboards, the ratio to the constant page for the village page */
function verdict(r: Omit<Row, "name" | "path">): string {
  const parts: string[] = [];
  if (r.target.p99 != null) parts.push(`${r.page.p99 < r.target.p99 ? "✅" : "❌"} p99 < ${r.target.p99} ms`);
  if (r.target.ratio != null)
    parts.push(`${r.page.reqPerSec / r.shell.reqPerSec >= r.target.ratio ? "✅" : "❌"} ≥ ${r.target.ratio} × constant page`);
  return parts.join(" ");
}

function writeReport(rows: Row[], info: { timings: { seed: number; synth: number } | null; pgVersion: string }) {
  const file = path.join(root, "docs/benchmarks.md");
  // one block per server size: the one-process run and each --workers run keep their own
  const tag = WORKERS === 1 ? "bench:http" : `bench:http-workers-${WORKERS}`;
  const cpu = os.cpus()[0]?.model ?? "?";
  const lines = [
    `<!-- ${tag} start (written by scripts/bench-http.ts) -->`,
    WORKERS === 1
      ? "## HTTP: region dashboards at province scale (`npm run bench:http`)"
      : `### The same with ${WORKERS} server processes (\`npm run bench:http -- --workers ${WORKERS}\`)`,
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${cpu}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${info.pgVersion}; ` +
      `built server (NODE_ENV=production, ${WORKERS === 1 ? "one process" : `${WORKERS} worker processes (WEB_CONCURRENCY=${WORKERS})`}), ${CONNECTIONS} connections, ${DURATION} s per measurement, ` +
      `synthetic province of ${values.villages} villages × ${values.households} households × ${values.years} years; ` +
      `load average when it started ${loadAtStart.map((l) => l.toFixed(1)).join(" / ")} (other work on the machine slows every figure).`,
    info.timings
      ? `Building it: demo seed ${info.timings.seed.toFixed(1)} s, synth ${info.timings.synth.toFixed(1)} s.`
      : "Database reused (`--reuse`): seeding not timed in this run.",
    "",
    "| page | URL | req/s | p50 ms | p99 ms | constant page req/s | ratio | `/healthz` req/s | ratio | target |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.name} | \`${r.path}\` | ${r.page.reqPerSec.toFixed(1)} | ${r.page.p50} | ${r.page.p99} | ` +
        `${r.shell.reqPerSec.toFixed(0)} | ${(r.page.reqPerSec / r.shell.reqPerSec).toFixed(3)} | ` +
        `${r.constant.reqPerSec.toFixed(0)} | ${(r.page.reqPerSec / r.constant.reqPerSec).toFixed(3)} | ${verdict(r)} |`,
    ),
    "",
    "Both yardsticks are measured just before each page in the same run, and each ratio is page req/s ÷ its req/s. " +
      "The *constant page* is `/login` for a visitor: a whole page through the same express stack, root loader, layout and React render, with no session and no database work. " +
      '`/healthz` is a loader answering "ok": the floor of any request, kept for comparison. ' +
      "“No cache” rows run the server with FIGURES_CACHE_SECONDS=0: every request aggregates the province afresh in SQL (what the first view after a change costs).",
    `<!-- ${tag} end -->`,
  ];
  const block = lines.join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = new RegExp(`<!-- ${tag} start[\\s\\S]*?<!-- ${tag} end -->`);
  const afterOneProcess = "<!-- bench:http end -->";
  const next = re.test(old)
    ? old.replace(re, block)
    : tag !== "bench:http" && old.includes(afterOneProcess)
      ? old.replace(afterOneProcess, `${afterOneProcess}\n\n${block}`)
      : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`written to ${path.relative(root, file)}`);
}

await main();
