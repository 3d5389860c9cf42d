/**
 * `npm run bench:import -- [--rows 2000] [--persons 5000] [--runs 3] [--only pglite|postgres] [--only-persons] [--no-write]`
 *
 * Times a register import of `--rows` households — and then as many share movements, and
 * `--persons` persons of the member register in those new households — the way the import pages
 * do it: read and check the CSV (the preview), then commit every row in one transaction (checked
 * again, bulk inserts by 500, figures or member counts refreshed once, one audit row). For the
 * persons the preview also looks the file's ID numbers up (one query), seals them and signs the
 * rows, and the commit verifies the token and opens the seals, as the page's two requests do.
 * `--only-persons` imports the households untimed, skips the shares, and rewrites only the
 * persons' part of the section.
 * On embedded PGlite (in memory, and on disk in a temporary folder) and on the PostgreSQL server: a scratch database named
 * vl_bench_import_<random> on BENCH_ADMIN_DATABASE_URL, else DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards. Each database is migrated
 * and holds the demo villages; rows go into 红河村 (450 households already). The targets: a
 * commit of 2,000 households in under 5 s; 5,000 persons previewed and committed in under 5 s. Prints a markdown table and writes it into
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
import { makeIdNumber } from "../app/domain/members/id-number";
import { parseMemberFile } from "../app/domain/members/import";
import { importMembers, knownIdNumbers, memberImportRegister, sealRows } from "../app/models/member-import.server";
import { resetEnvForTests } from "../app/utils/env.server";
import { signPayload, verifyPayload } from "../app/utils/signed-payload.server";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "2000" },
    persons: { type: "string", default: "5000" },
    "only-persons": { type: "boolean", default: false },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 20_000) throw new Error("--rows: 1 … 20000");
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) throw new Error("--runs: 1 … 20");
const PERSONS = Number(values.persons);
if (!Number.isInteger(PERSONS) || PERSONS < 0 || PERSONS > 20_000) throw new Error("--persons: 0 … 20000");
const ONLY_PERSONS = values["only-persons"];
if (ONLY_PERSONS && PERSONS === 0) throw new Error("--only-persons needs --persons");
const HONGHE = "520323102201";
const TODAY = "2026-06-30";
const actor = "system" as const;
const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Timing = { parseMs: number; commitMs: number };
type Result = { db: string; households: Timing; shares: Timing | null; persons: Timing | null };

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

/**
 * Persons in the run's new households: a head for each, then a spouse for each, then children,
 * every one with a valid ID number of its own (address code 65<run><block>, never a demo one),
 * some with a phone and consent to texts, dates in mixed forms.
 */
function personCsv(prefix: string, run: number): string {
  const lines = ["户号,姓名,与户主关系,性别,出生日期,身份证号,手机号,同意短信,确认日期,确认依据,确认决议"];
  for (let k = 0; k < PERSONS; k++) {
    const household = `${prefix}${String((k % ROWS) + 1).padStart(5, "0")}`;
    const relation = k < ROWS ? "户主" : k < 2 * ROWS ? "配偶" : "子女";
    const birth = `${1950 + (k % 55)}-${String((k % 12) + 1).padStart(2, "0")}-${String((k % 28) + 1).padStart(2, "0")}`;
    const seq = k % 1000;
    const id = makeIdNumber(`65${String(run).padStart(2, "0")}${String(Math.floor(k / 1000)).padStart(2, "0")}`, birth, seq);
    const phone = k % 4 === 0 ? `139${String(k).padStart(8, "0")}` : "";
    const shown = k % 3 === 0 ? birth.replaceAll("-", "/") : birth;
    lines.push(
      `${household},成员${k},${relation},${seq % 2 ? "男" : "女"},${shown},${id},${phone},${phone ? "是" : ""},2019-06-01,改革时已确认,2019年第1次成员大会决议`,
    );
  }
  return lines.join("\r\n");
}

async function personsRun(db: Database["db"], prefix: string, run: number): Promise<Timing> {
  const purpose = `import:members:${HONGHE}:bench`;
  let t0 = performance.now();
  const register = await memberImportRegister({ db, villageCode: HONGHE, today: TODAY });
  const parsed = await parseMemberFile({
    data: new TextEncoder().encode(personCsv(prefix, run)),
    fileName: "bench.csv",
    context: {
      today: TODAY,
      ...register,
      lookUpIdNumbers: (idNumbers) => knownIdNumbers({ db, villageCode: HONGHE, idNumbers, today: TODAY }),
    },
  });
  if (parsed.errors.length || parsed.rows.length !== PERSONS)
    throw new Error(`persons preview: ${parsed.errors[0]?.zh ?? parsed.rows.length}`);
  const token = signPayload(purpose, { fileName: "bench.csv", rows: sealRows(parsed.rows) }, 60_000);
  const parseMs = ms(t0);
  t0 = performance.now();
  const verified = verifyPayload(purpose, token);
  if (!verified.ok) throw new Error("persons token");
  const committed = await importMembers({
    db,
    villageCode: HONGHE,
    rows: (verified.data as { rows: unknown }).rows,
    fileName: "bench.csv",
    today: TODAY,
    actor,
  });
  const commitMs = ms(t0);
  if (!committed.ok || committed.count !== PERSONS) throw new Error(`persons commit: ${JSON.stringify(committed).slice(0, 300)}`);
  return { parseMs, commitMs };
}

async function runOn(database: Database, label: string): Promise<Result> {
  const db = database.db;
  const hh: Timing[] = [];
  const sh: Timing[] = [];
  const ps: Timing[] = [];
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

    let line = `${label} run ${run}: households preview ${parseMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms`;
    if (!ONLY_PERSONS) {
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
      line += `; shares preview ${sParseMs.toFixed(0)} ms, commit ${sCommitMs.toFixed(0)} ms`;
    }
    if (PERSONS > 0) {
      const p = await personsRun(db, prefix, run);
      ps.push(p);
      line += `; persons preview ${p.parseMs.toFixed(0)} ms, commit ${p.commitMs.toFixed(0)} ms`;
    }
    console.log(line);
  }
  const med = (xs: Timing[]) => ({ parseMs: median(xs.map((x) => x.parseMs)), commitMs: median(xs.map((x) => x.commitMs)) });
  return { db: label, households: med(hh), shares: sh.length ? med(sh) : null, persons: ps.length ? med(ps) : null };
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
  // ID numbers need the key every server shares; the scratch database is dropped, so any key will do
  process.env.NOTIFY_SECRET_KEY ||= randomBytes(32).toString("base64");
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
        `| ${r.db} | ${f(r.households.parseMs)} | ${f(r.households.commitMs)} | ${verdict(r.households.commitMs)} | ${f(r.shares!.parseMs)} | ${f(r.shares!.commitMs)} |`,
    ),
  ];
}

const personsTotal = (r: Result) => r.persons!.parseMs + r.persons!.commitMs;

function personsTable(results: Result[]): string[] {
  const f = (x: number) => (x / 1000).toFixed(2);
  return [
    `| database | ${PERSONS} persons: preview s | commit s | preview + commit s | target |`,
    "|---|---:|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${r.db} | ${f(r.persons!.parseMs)} | ${f(r.persons!.commitMs)} | ${f(personsTotal(r))} | ${personsTotal(r) < 5000 ? "✓ < 5 s" : "✗ ≥ 5 s"} |`,
    ),
  ];
}

const machine = (pgVersion: string | null) =>
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}` +
  `${pgVersion ? `, PostgreSQL ${pgVersion}` : ""}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} when it ended`;
const stamp = () => new Date().toISOString().slice(0, 16).replace("T", " ");

function personsBlock(results: Result[], pgVersion: string | null): string {
  return [
    "<!-- bench:import:persons start -->",
    `### Member register: ${PERSONS} persons`,
    "",
    `Run ${stamp()} UTC on ${machine(pgVersion)}; median of ${RUNS} runs, each importing ${PERSONS} persons (a head and a spouse for each of the run's ${ROWS} new households, then children), every one with an ID number.`,
    "",
    ...personsTable(results),
    "",
    "*Preview*: read the CSV, check every person with the person's field rules, against the households, the heads and (one query by keyed hash) the ID numbers the register holds, then seal the ID numbers and sign the rows. " +
      "*Commit*: verify the token, open the seals, and `importMembers` — one transaction that locks the village's households, checks every row again, inserts in chunks of 500, refreshes the households' member counts and writes one audit row. " +
      "Target: preview and commit of 5,000 persons together in under 5 s.",
    "<!-- bench:import:persons end -->",
  ].join("\n");
}

function writeDocs(results: Result[], pgVersion: string | null) {
  const file = path.join(root, "docs/benchmarks.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const persons = results[0]?.persons ? personsBlock(results, pgVersion) : null;
  const personsRe = /<!-- bench:import:persons start -->[\s\S]*?<!-- bench:import:persons end -->/;
  if (ONLY_PERSONS) {
    // the households' and shares' figures stay as they were
    const end = "<!-- bench:import end -->";
    if (personsRe.test(old)) writeFileSync(file, old.replace(personsRe, persons!));
    else if (old.includes(end)) writeFileSync(file, old.replace(end, `\n${persons}\n${end}`));
    else throw new Error("docs/benchmarks.md has no bench:import section: run without --only-persons first");
    console.log(`persons written to ${path.relative(root, file)}`);
    return;
  }
  const kept = persons ?? personsRe.exec(old)?.[0] ?? null;
  const block = [
    "<!-- bench:import start (written by scripts/bench-import.ts) -->",
    "## Register import (`npm run bench:import`)",
    "",
    `Run ${stamp()} UTC on ${machine(pgVersion)}; ` +
      `median of ${RUNS} runs, each importing ${ROWS} new households into 红河村 (demo data, 450 households to start) and then one subscription for each.`,
    "",
    ...table(results),
    "",
    "*Preview*: read the CSV and check every row against the register (for shares, against the whole ledger in date order). " +
      "*Commit*: `importHouseholds` / `importShareMovements` — one transaction that checks every row again, inserts in chunks of 500, " +
      "refreshes the village's yearly figures once and writes one audit row. Target: 2,000 households committed in under 5 s.",
    ...(kept ? ["", kept] : []),
    "<!-- bench:import end -->",
  ].join("\n");
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
console.log(["", ...(ONLY_PERSONS ? [] : table(results)), ...(PERSONS > 0 ? ["", ...personsTable(results)] : [])].join("\n"));
if (!values["no-write"]) writeDocs(results, pgVersion);
const slow = [
  ...(ONLY_PERSONS ? [] : results.filter((r) => r.households.commitMs >= 5000).map((r) => `${r.db} (households)`)),
  ...results.filter((r) => r.persons && personsTotal(r) >= 5000).map((r) => `${r.db} (persons)`),
];
if (slow.length) {
  console.error(`over target: ${slow.join(", ")}`);
  process.exitCode = 1;
}
