/**
 * Browser tests' world: the built app served by `npm start` on a fresh embedded database (seeded
 * with the demo villages) on a free port. Builds first when there is no current build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

let server: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, "../..");
  dir = mkdtempSync(path.join(tmpdir(), "vl-e2e-"));
  const port = String(3600 + Math.floor(Math.random() * 300));
  server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts"], {
    cwd: root,
    env: { ...process.env, PORT: port, PGLITE_DIR: path.join(dir, "pglite"), DATABASE_URL: "", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout!.on("data", (b) => (log += b));
  server.stderr!.on("data", (b) => (log += b));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (server.exitCode != null) throw new Error(`server exited:\n${log}`);
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide("baseUrl", base);
}

export async function teardown() {
  server?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
