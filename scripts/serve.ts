/**
 * `npm start`: serves the built app on PORT. Builds first when there is no build, migrates the
 * database, and seeds the demo villages when it is empty.
 */
import { execFileSync } from "node:child_process";
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { closeDatabase, getDatabase } from "../db/client.server";
import { isEmpty, seedDemo } from "./seed/seed";
import { migrateDemoMembers } from "./seed/demo-members";
import { getEnv } from "../app/utils/env.server";
import { loadContextOf, securityMiddleware } from "../app/utils/http-security.server";
import { startOutboxWorker } from "../app/services/outbox-worker.server";

const started = Date.now();
const env = getEnv();
const root = path.resolve(import.meta.dirname, "..");
const buildEntry = path.join(root, "build/index.js");

/** newest modification time under a folder (the app's sources), to tell a stale build */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const missing = !existsSync(buildEntry);
// in development a build older than the sources is rebuilt; production runs what was built
const stale =
  !missing &&
  env.NODE_ENV !== "production" &&
  statSync(buildEntry).mtimeMs < Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "db")));
if (missing || stale) {
  console.log("no current build: building …");
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: root,
    stdio: "inherit",
    // the build is always a production build (small React, no dev warnings), whatever NODE_ENV says
    env: { ...process.env, NODE_ENV: "production" },
  });
}

const database = await getDatabase();
if (cluster.isPrimary && env.SEED_ON_START === "1" && (await isEmpty(database.db))) {
  if (env.NODE_ENV === "production" && env.DEMO !== "1") {
    console.log("empty database; demo data is not seeded in production unless DEMO=1");
  } else {
    await seedDemo(database.db);
    console.log("empty database: demo villages seeded");
  }
} else if (cluster.isPrimary) {
  // a database seeded before the member register: its demo households get their persons
  const added = await migrateDemoMembers(database.db);
  if (added) console.log(`demo member register: ${added} persons added`);
}

// WEB_CONCURRENCY > 1 on a PostgreSQL server: this process has built, migrated and seeded; it now
// runs that many workers sharing PORT (Node's cluster) and replaces any that dies. What the
// workers share lives in the database (sessions, throttling, the outbox with its leases); what
// each keeps in memory (the figures cache, places) is checked against the database or never changes.
if (cluster.isPrimary && env.WEB_CONCURRENCY > 1 && database.kind === "postgres") {
  await closeDatabase();
  // the import previews' signing key must be the same in every worker
  const shared = { SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString("base64url") };
  let stopping = false;
  const fork = () => cluster.fork(shared);
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) fork();
  cluster.on("exit", (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(
    `Village Ledger: starting ${env.WEB_CONCURRENCY} workers on http://localhost:${env.PORT} (postgres), each says when it is ready`,
  );
} else {
  if (cluster.isPrimary && env.WEB_CONCURRENCY > 1)
    console.log("WEB_CONCURRENCY > 1 needs DATABASE_URL (the embedded database belongs to one process): one process serves");
  await serve();
}

async function serve() {
  // delivers the notifications outbox (OUTBOX_POLL_MS; 0 = another process does it)
  const outboxWorker = startOutboxWorker({ db: database.db });

  // under `npm run dev` (remix dev sets REMIX_DEV_ORIGIN) every request loads the newest build
  const devMode = Boolean(process.env.REMIX_DEV_ORIGIN);
  const loadBuild = async () =>
    (await import(pathToFileURL(buildEntry).href + (devMode ? `?t=${statSync(buildEntry).mtimeMs}` : ""))) as ServerBuild;
  const build = await loadBuild();
  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY hops of X-Forwarded-For / -Proto / -Host are believed (0: none)
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(compression());
  // CSP nonce and security headers on every response; cross-site non-GET requests refused
  app.use(securityMiddleware({ dev: devMode }));
  // fingerprinted assets are immutable; everything else in public/ briefly cached
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // the other files of public/ (favicon, robots.txt …) are known at start: asking the disk about
  // every page request first costs each of them a stat
  const publicDir = path.join(root, "public");
  const publicFiles = new Set(
    readdirSync(publicDir)
      .filter((f) => f !== "build")
      .map((f) => `/${f}`),
  );
  const servePublic = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  app.all(
    "*",
    createRequestHandler({
      build: devMode ? loadBuild : build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: loadContextOf,
    }),
  );

  const server = app.listen(env.PORT, () => {
    if (devMode) void broadcastDevReady(build);
    console.log(`Village Ledger on http://localhost:${env.PORT} (${database.kind}) — ready in ${Date.now() - started} ms`);
  });

  async function shutdown() {
    server.close();
    await outboxWorker.stop();
    await closeDatabase();
    process.exit(0);
  }
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
