/**
 * `npm run bench:import -- [--rows 2000] [--runs 3] [--only pglite|postgres] [--no-write]`
 *
 * Times a register import of `--rows` households — and then as many share movements — the way
 * the import pages do it: read and check the CSV (the preview), then commit every row in one
 * transaction (checked again, bulk inserts by 500, figures refreshed once, one audit row).
 * On embedded PGlite (in memory, and on disk in a temporary folder) and on the PostgreSQL server: a scratch database named
 * vl_bench_import_<random> on BENCH_ADMIN_DATABASE_URL, else DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards. Each database is migrated
 * and holds the demo villages; rows go into 红河村 (450 households already). The target is a
 * commit of 2,000 rows in under 5 s. Prints a markdown table and writes it into
 * docs/benchmarks.md (its own section only) unless --no-write.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type Database } from "../db/client.server";
import { seedDemo } from "./seed/seed";
import { parseHouseholdFile, parseShareFile } from "../app/domain/register-import";
import { toSharePayload } from "../app/domain/register-commit";
import { householdRegister, importHouseholds, importShareMovements, shareRegister } from "../app/models/register-import.server";
import { resetEnvForTests } from "../app/utils/env.server";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 20_000) throw new Error("--rows: 1 … 20000");
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) throw new Error("--runs: 1 … 20");
const HONGHE = "520323102201";
const TODAY = "2026-06-30";
const actor = "system" as const;
const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Timing = { parseMs: number; commitMs: number };
type Result = { db: string; households: Timing; shares: Timing };

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A realistic file: every column filled, dates in mixed forms, a few flags. */
function householdCsv(prefix: string, groups: string[]): string {
  const lines = ["户号,户主姓名,村民组,联户长,人口,标识,入社日期"];
  for (let i = 1; i <= ROWS; i++) {
    const date =
      i % 3 === 0
        ? `2019/${(i % 12) + 1}/${(i % 28) + 1}`
        : `2018-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
    lines.push(
      `${prefix}${String(i).padStart(5, "0")},户主${i},${groups[i % groups.length]},,${1 + (i % 6)},${i % 17 === 0 ? "脱贫户" : ""},${date}`,
    );
  }
  return lines.join("\r\n");
}

function shareCsv(prefix: string): string {
  const lines = ["户号,股份类别,股数,变动类型,日期,批准人"];
  for (let i = 1; i <= ROWS; i++)
    lines.push(`${prefix}${String(i).padStart(5, "0")},成员股,${1 + (i % 3)},认购,2020-03-01,村集体经济组织理事会`);
  return lines.join("\r\n");
}

async function runOn(database: Database, label: string): Promise<Result> {
  const db = database.db;
  const hh: Timing[] = [];
  const sh: Timing[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const prefix = `B${run}`;
    // households: preview (read + check against the register), then commit
    let t0 = performance.now();
    const register = await householdRegister({ db, villageCode: HONGHE });
    const parsed = await parseHouseholdFile({
      data: new TextEncoder().encode(householdCsv(prefix, [...register.groups.keys()])),
      fileName: "bench.csv",
      context: {
        today: TODAY,
        existingCodes: register.existingCodes,
        groups: [...register.groups.keys()],
        leaders: [...register.leaders.keys()],
      },
    });
    const parseMs = ms(t0);
    if (parsed.errors.length || parsed.rows.length !== ROWS)
      throw new Error(`households preview: ${parsed.errors[0]?.zh ?? parsed.rows.length}`);
    t0 = performance.now();
    const committed = await importHouseholds({
      db,
      villageCode: HONGHE,
      rows: JSON.parse(JSON.stringify(parsed.rows)),
      fileName: "bench.csv",
      today: TODAY,
      actor,
    });
    const commitMs = ms(t0);
    if (!committed.ok || committed.count !== ROWS) throw new Error(`households commit: ${JSON.stringify(committed).slice(0, 300)}`);
    hh.push({ parseMs, commitMs });

    // shares: one subscription for each new household, checked against the whole ledger
    t0 = performance.now();
    const shareReg = await shareRegister({ db, villageCode: HONGHE });
    const shares = await parseShareFile({
      data: new TextEncoder().encode(shareCsv(prefix)),
      fileName: "bench.csv",
      context: { today: TODAY, households: shareReg.households, shareClasses: [...shareReg.classes.keys()], ledger: shareReg.ledger },
    });
    const sParseMs = ms(t0);
    if (shares.errors.length || shares.rows.length !== ROWS)
      throw new Error(`shares preview: ${shares.errors[0]?.zh ?? shares.rows.length}`);
    t0 = performance.now();
    const sCommitted = await importShareMovements({
      db,
      villageCode: HONGHE,
      rows: toSharePayload(shares.rows),
      fileName: "bench.csv",
      today: TODAY,
      actor,
    });
    const sCommitMs = ms(t0);
    if (!sCommitted.ok) throw new Error(`shares commit: ${JSON.stringify(sCommitted).slice(0, 300)}`);
    sh.push({ parseMs: sParseMs, commitMs: sCommitMs });
    console.log(
      `${label} run ${run}: households preview ${parseMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms; shares preview ${sParseMs.toFixed(0)} ms, commit ${sCommitMs.toFixed(0)} ms`,
    );
  }
  const med = (xs: Timing[]) => ({ parseMs: median(xs.map((x) => x.parseMs)), commitMs: median(xs.map((x) => x.commitMs)) });
  return { db: label, households: med(hh), shares: med(sh) };
}

/** PGlite in memory, and on disk in a temporary folder (what the embedded mode runs on). */
async function pglite(onDisk: boolean): Promise<Result> {
  delete process.env.DATABASE_URL;
  resetEnvForTests();
  const dir = onDisk ? mkdtempSync(path.join(os.tmpdir(), "vl-bench-import-")) : null;
  const database = await openDatabase({ dataDir: dir ?? "memory://" });
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    return await runOn(database, onDisk ? "PGlite (embedded, on disk)" : "PGlite (embedded, in memory)");
  } finally {
    await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function server(): Promise<Result & { version: string }> {
  const name = `vl_bench_import_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  resetEnvForTests();
  const database = await openDatabase({ url: url.toString() });
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    const [{ server_version: version }] = await admin`show server_version`;
    return { ...(await runOn(database, "PostgreSQL server")), version: String(version) };
  } finally {
    await database.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function table(results: Result[]): string[] {
  const f = (x: number) => (x / 1000).toFixed(2);
  const verdict = (x: number) => (x < 5000 ? "✓ < 5 s" : "✗ ≥ 5 s");
  return [
    `| database | ${ROWS} households: preview s | commit s | target | ${ROWS} share movements: preview s | commit s |`,
    "|---|---:|---:|---|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.db} | ${f(r.households.parseMs)} | ${f(r.households.commitMs)} | ${verdict(r.households.commitMs)} | ${f(r.shares.parseMs)} | ${f(r.shares.commitMs)} |`,
    ),
  ];
}

function writeDocs(results: Result[], pgVersion: string | null) {
  const file = path.join(root, "docs/benchmarks.md");
  const cpu = os.cpus()[0]?.model ?? "?";
  const block = [
    "<!-- bench:import start (written by scripts/bench-import.ts) -->",
    "## Register import (`npm run bench:import`)",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${cpu}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}${pgVersion ? `, PostgreSQL ${pgVersion}` : ""}; ` +
      `median of ${RUNS} runs, each importing ${ROWS} new households into 红河村 (demo data, 450 households to start) and then one subscription for each.`,
    "",
    ...table(results),
    "",
    "*Preview*: read the CSV and check every row against the register (for shares, against the whole ledger in date order). " +
      "*Commit*: `importHouseholds` / `importShareMovements` — one transaction that checks every row again, inserts in chunks of 500, " +
      "refreshes the village's yearly figures once and writes one audit row. Target: 2,000 households committed in under 5 s.",
    "<!-- bench:import end -->",
  ].join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = /<!-- bench:import start[\s\S]*?<!-- bench:import end -->/;
  writeFileSync(file, re.test(old) ? old.replace(re, block) : `${old.trimEnd()}\n\n${block}\n`);
  console.log(`written to ${path.relative(root, file)}`);
}

const results: Result[] = [];
let pgVersion: string | null = null;
if (values.only !== "postgres") results.push(await pglite(false), await pglite(true));
if (values.only !== "pglite") {
  const r = await server();
  pgVersion = r.version;
  results.push(r);
}
console.log(["", ...table(results)].join("\n"));
if (!values["no-write"]) writeDocs(results, pgVersion);
const slow = results.filter((r) => r.households.commitMs >= 5000);
if (slow.length) {
  console.error(`over target: ${slow.map((r) => r.db).join(", ")}`);
  process.exitCode = 1;
}
