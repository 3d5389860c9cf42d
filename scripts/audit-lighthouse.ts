/**
 * `npm run audit:lighthouse -- [--runs 3] [--only login,county (prints only)] [--port N] [--save DIR] [--no-write]`
 *
 * Lighthouse on the *built* app (`npm run build` first; this script builds nothing), issue #8:
 *  1. starts scripts/serve.ts with NODE_ENV=production and DEMO=1 on a fresh embedded database
 *     (a temporary PGLITE_DIR, seeded with the demo villages) on a free port, in its own process
 *     group;
 *  2. signs in over HTTP (POST /login) as a village secretary and as a county bureau; the
 *     production cookie is `__Host-vl_session` (Secure), so it is handed to Lighthouse as a
 *     `Cookie` header rather than left to the browser;
 *  3. runs Lighthouse in Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) on five
 *     pages × desktop and mobile: performance, accessibility, best practices;
 *  4. prints the scores, LCP / CLS / TBT and the JavaScript each page loads (raw and gzip on
 *     disk, transferred on the wire), writes them into docs/benchmarks.md (its own section only),
 *     and exits 1 when any score is under its target (performance 90, the others 95).
 * `--runs N` runs each page N times and keeps the run with the median performance score.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import lighthouse, { desktopConfig, type Flags, type Result } from "lighthouse";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    port: { type: "string" },
    save: { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});
const root = path.resolve(import.meta.dirname, "..");
const RUNS = Math.max(1, Number(values.runs) || 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TARGETS = { performance: 90, accessibility: 95, "best-practices": 95 } as const;
type Category = keyof typeof TARGETS;
const CATEGORIES = Object.keys(TARGETS) as Category[];
const DEMO_PASSWORD = "cunji-demo-2026";
const lighthouseVersion = String(JSON.parse(readFileSync(path.join(root, "node_modules/lighthouse/package.json"), "utf8")).version);

type Page = { key: string; name: string; path: string; user?: string; charts?: number };
const PAGES: Page[] = [
  { key: "home", name: "home", path: "/" },
  { key: "login", name: "sign-in", path: "/login" },
  { key: "public", name: "public village page", path: "/public/villages/520323102201" },
  { key: "income", name: "village income", path: "/villages/520323102201/income/2025", user: "sec-honghe" },
  { key: "county", name: "county dashboard", path: "/regions/520323000000?year=2025", user: "bureau-suiyang" },
];
const only = values.only?.split(",").map((s) => s.trim());
const pages = only ? PAGES.filter((p) => only.includes(p.key)) : PAGES;
if (pages.length === 0) throw new Error(`--only: one or more of ${PAGES.map((p) => p.key).join(", ")}`);

if (!existsSync(path.join(root, "build/index.js"))) {
  console.error("no build: run `npm run build` first (audit:lighthouse measures the built app and builds nothing)");
  process.exit(2);
}
const builtAt = statSync(path.join(root, "build/index.js")).mtimeMs;
const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
if (newest(path.join(root, "app")) > builtAt) console.warn("warning: app/ changed after the last build; run `npm run build` to measure it");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** SIGTERM to a child's whole process group (it was spawned detached), then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timeout = new Promise((r) => setTimeout(r, 5000, "timeout"));
  if ((await Promise.race([gone, timeout])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "vl-lighthouse-"));
let server: ChildProcess | undefined;
let chrome: ChildProcess | undefined;
async function cleanUp() {
  await stopGroup(chrome);
  await stopGroup(server);
  rmSync(scratch, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function startServer(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts"], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DEMO: "1",
      DATABASE_URL: "",
      PGLITE_DIR: path.join(scratch, "pglite"),
      SEED_ON_START: "1",
      PORT: String(port),
      OUTBOX_POLL_MS: "0",
      PUBLIC_BASE_URL: "",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return base;
    } catch {
      // not listening yet
    }
  }
  throw new Error("the server did not answer /healthz within 120 s");
}

async function signIn(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => /session=/.test(c));
  if (!cookie) throw new Error(`sign-in as ${username} failed: ${r.status}`);
  return cookie;
}

/** Chromium headless with a DevTools port; the flags keep it from reaching for the network. */
async function startChromium(): Promise<number> {
  chrome = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--disable-default-apps",
      "--mute-audio",
      "--remote-debugging-port=0",
      `--user-data-dir=${path.join(scratch, "chromium")}`,
      "about:blank",
    ],
    { detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port in 30 s:\n${seen}`)), 30_000);
    chrome!.stderr!.on("data", (d: Buffer) => {
      seen += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    chrome!.once("exit", (code) => reject(new Error(`Chromium exited ${code}:\n${seen}`)));
  });
}

type Script = { url: string; transfer: number; raw: number | null; gzip: number | null; chartJs: boolean };
type Measure = {
  page: Page;
  formFactor: "desktop" | "mobile";
  scores: Record<Category, number>;
  lcp: number;
  cls: number;
  tbt: number;
  fcp: number;
  /** Lighthouse's measure of how fast the host ran at the time (lower: a busier or slower machine) */
  benchmarkIndex: number;
  scripts: Script[];
  failing: string[];
};

/** size on disk and gzip of a script the app built (public/build), null for anything else */
function builtSize(url: string): { raw: number; gzip: number; chartJs: boolean } | null {
  const p = new URL(url).pathname;
  if (!p.startsWith("/build/")) return null;
  const file = path.join(root, "public", p);
  if (!existsSync(file)) return null;
  const body = readFileSync(file);
  return { raw: body.length, gzip: gzipSync(body).length, chartJs: body.includes("Chart.js v") };
}

/** the chunk that holds chart.js (only LazyChart imports it), as built */
function chartChunk(): { name: string; raw: number; gzip: number } | null {
  const dir = path.join(root, "public/build/_shared");
  const name = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith("chart-canvas")) : undefined;
  if (!name) return null;
  const body = readFileSync(path.join(dir, name));
  return { name, raw: body.length, gzip: gzipSync(body).length };
}

function measureOf(page: Page, formFactor: Measure["formFactor"], lhr: Result): Measure {
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<
    Category,
    number
  >;
  const requests = ((lhr.audits["network-requests"]?.details as { items?: unknown[] } | undefined)?.items ?? []) as {
    url: string;
    resourceType?: string;
    transferSize?: number;
  }[];
  const scripts = requests
    .filter((r) => r.resourceType === "Script")
    .map((r) => ({ url: r.url, transfer: r.transferSize ?? 0, ...(builtSize(r.url) ?? { raw: null, gzip: null, chartJs: false }) }));
  // what pulls a category under its target: audits in it that did not pass
  const failing = CATEGORIES.filter((c) => scores[c] < TARGETS[c]).flatMap((c) =>
    (lhr.categories[c]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
      .map((ref) => `${c}: ${ref.id} (${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score})`),
  );
  return {
    page,
    formFactor,
    scores,
    lcp: num("largest-contentful-paint"),
    cls: num("cumulative-layout-shift"),
    tbt: num("total-blocking-time"),
    fcp: num("first-contentful-paint"),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    scripts,
    failing,
  };
}

const loadAtStart = os.loadavg();
const kb = (n: number | null) => (n === null ? "–" : (n / 1024).toFixed(1));
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/** one Lighthouse run; a run whose trace failed (NO_NAVSTART and the like, now and then) is tried again */
async function audit(url: string, flags: Flags, formFactor: Measure["formFactor"]): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, flags, formFactor === "desktop" ? desktopConfig : undefined);
    const error = result ? result.lhr.runtimeError : { code: "NO_RESULT", message: "Lighthouse gave no result" };
    if (result && !error) return result.lhr;
    if (attempt === 3) throw new Error(`${url}: ${error?.code} ${error?.message}`);
    console.warn(`    ${formFactor} run failed (${error?.code}); again`);
  }
}

async function main() {
  if (loadAtStart[0]! > os.cpus().length) {
    console.warn(`warning: load average ${loadAtStart[0]!.toFixed(1)} on ${os.cpus().length} cores; mobile performance will read low`);
  }
  const port = values.port ? Number(values.port) : await freePort();
  const base = await startServer(port);
  const cookies = new Map<string, string>();
  for (const user of new Set(pages.map((p) => p.user).filter((u): u is string => Boolean(u)))) {
    cookies.set(user, await signIn(base, user));
  }
  for (const p of pages) {
    const r = await fetch(base + p.path, { headers: p.user ? { cookie: cookies.get(p.user)! } : {}, redirect: "manual" });
    const html = await r.text();
    if (r.status !== 200) throw new Error(`${p.path} answered ${r.status}`);
    p.charts = html.match(/class="chart-box[ "]/g)?.length ?? 0;
  }
  const chromePort = await startChromium();
  // the user agent is reduced (156.0.0.0); the binary tells the full version
  const browserVersion =
    /[\d.]+/.exec(execFileSync(CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))?.[0] ?? "?";
  const measures: Measure[] = [];
  for (const page of pages) {
    for (const formFactor of ["desktop", "mobile"] as const) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) {
        const flags: Flags = {
          port: chromePort,
          output: "json",
          logLevel: "error",
          onlyCategories: [...CATEGORIES],
          extraHeaders: page.user ? { Cookie: cookies.get(page.user)! } : undefined,
        };
        const lhr = await audit(base + page.path, flags, formFactor);
        if (values.save) writeFileSync(path.join(values.save, `${page.key}-${formFactor}-${i + 1}.json`), JSON.stringify(lhr));
        runs.push(measureOf(page, formFactor, lhr));
      }
      runs.sort((a, b) => a.scores.performance - b.scores.performance);
      const m = runs[Math.floor((runs.length - 1) / 2)]!;
      measures.push(m);
      console.log(
        `${page.name.padEnd(20)} ${formFactor.padEnd(7)} perf ${m.scores.performance} a11y ${m.scores.accessibility} ` +
          `bp ${m.scores["best-practices"]}  LCP ${m.lcp.toFixed(0)} ms CLS ${m.cls.toFixed(3)} TBT ${m.tbt.toFixed(0)} ms` +
          (RUNS > 1 ? `  (perf of ${RUNS} runs: ${runs.map((r) => r.scores.performance).join(", ")})` : ""),
      );
      for (const f of m.failing) console.log(`    under target — ${f}`);
    }
  }
  if (statSync(path.join(root, "build/index.js")).mtimeMs !== builtAt) {
    throw new Error("the build changed while the audit ran (another `npm run build`?): its scripts may have gone missing; run it again");
  }
  const table = scoreTable(measures);
  const js = jsTable(measures.filter((m) => m.formFactor === "desktop"));
  console.log(`\n${table.join("\n")}\n\n${js.join("\n")}`);
  const under = measures.filter((m) => CATEGORIES.some((c) => m.scores[c] < TARGETS[c]));
  // a partial run (--only) prints its figures but leaves the section of the whole run as it is
  if (!values["no-write"] && !only) writeReport(table, js, { browserVersion });
  if (under.length) {
    console.error(
      `\n${under.length} of ${measures.length} measurements under target (performance ${TARGETS.performance}, accessibility and best practices ${TARGETS.accessibility})`,
    );
    process.exitCode = 1;
  }
}

function scoreTable(measures: Measure[]): string[] {
  const mark = (c: Category, v: number) => (v < TARGETS[c] ? `**${v}** ✗` : String(v));
  return [
    "| page | URL | form factor | performance | accessibility | best practices | FCP ms | LCP ms | CLS | TBT ms | JS transferred KiB | host index |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...measures.map(
      (m) =>
        `| ${m.page.name} | \`${m.page.path}\` | ${m.formFactor} | ${mark("performance", m.scores.performance)} | ` +
        `${mark("accessibility", m.scores.accessibility)} | ${mark("best-practices", m.scores["best-practices"])} | ` +
        `${m.fcp.toFixed(0)} | ${m.lcp.toFixed(0)} | ${m.cls.toFixed(3)} | ${m.tbt.toFixed(0)} | ${kb(sum(m.scripts.map((s) => s.transfer)))} | ` +
        `${Math.round(m.benchmarkIndex)} |`,
    ),
  ];
}

/** the scripts each page loaded (desktop run): how many, their size on disk, gzip, on the wire */
function jsTable(measures: Measure[]): string[] {
  const chunk = chartChunk();
  return [
    "| page | scripts | raw KiB | gzip KiB | transferred KiB | charts | chart.js loaded |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...measures.map((m) => {
      const chartJs = m.scripts.some((s) => s.chartJs);
      return (
        `| ${m.page.name} | ${m.scripts.length} | ${kb(sum(m.scripts.map((s) => s.raw)))} | ${kb(sum(m.scripts.map((s) => s.gzip)))} | ` +
        `${kb(sum(m.scripts.map((s) => s.transfer)))} | ${m.page.charts ?? "?"} | ${chartJs ? (m.page.charts ? "yes" : "**yes, without charts**") : "no"} |`
      );
    }),
    "",
    chunk
      ? `chart.js is one chunk of its own (\`${chunk.name}\`, ${kb(chunk.raw)} KiB raw, ${kb(chunk.gzip)} KiB gzip), imported by LazyChart only ` +
        "when a chart comes within a screen of the window (or before printing): the county dashboard's charts sit below its " +
        "figures, within a screen of a desktop window but not of a phone's, so the desktop run loads it and the mobile run does not; " +
        "pages without charts never load it."
      : "No chart.js chunk in public/build.",
  ];
}

function writeReport(table: string[], js: string[], info: { browserVersion: string }) {
  const file = path.join(root, "docs/benchmarks.md");
  const cpu = os.cpus()[0]?.model ?? "?";
  const lines = [
    "<!-- audit:lighthouse start (written by scripts/audit-lighthouse.ts) -->",
    "## Lighthouse: pages in the browser (`npm run audit:lighthouse`)",
    "",
    `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${cpu}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${info.browserVersion} (headless), Lighthouse ${lighthouseVersion}; ` +
      `built app (NODE_ENV=production, DEMO=1) on a fresh embedded database with the demo villages, over http://127.0.0.1` +
      `${RUNS > 1 ? `; median of ${RUNS} runs by performance score` : ""}; ` +
      `load average when it started ${loadAtStart.map((l) => l.toFixed(1)).join(" / ")}. ` +
      "Desktop is Lighthouse's desktop preset; mobile its default (a mid-range phone on slow 4G, simulated throttling). " +
      `Targets: performance ≥ ${TARGETS.performance}, accessibility ≥ ${TARGETS.accessibility}, best practices ≥ ${TARGETS["best-practices"]}. ` +
      "Mobile performance is the noisy figure: Lighthouse slows the measured main-thread work four times, so a busy host " +
      "(other work on the machine; a low host index, Lighthouse's benchmarkIndex) shows up as blocking time.",
    "",
    ...table,
    "",
    "JavaScript each page loads (desktop run: entry, shared and route chunks from `public/build`; raw and gzip are the files " +
      "on disk, transferred is what Lighthouse saw on the wire, compressed, with headers):",
    "",
    ...js,
    "<!-- audit:lighthouse end -->",
  ];
  const block = lines.join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = /<!-- audit:lighthouse start[\s\S]*?<!-- audit:lighthouse end -->/;
  const next = re.test(old) ? old.replace(re, () => block) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`written to ${path.relative(root, file)}`);
}

try {
  await main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
