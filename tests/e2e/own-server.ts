/**
 * A browser test's own server on its own embedded database, for a file that must change the
 * database underneath the app (the server holds PGlite's files while it runs: stop it first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS } from "./browser";

const root = path.resolve(import.meta.dirname, "../..");

export function ownServer(name: string, portBase: number) {
  const dir = mkdtempSync(path.join(tmpdir(), `vl-e2e-${name}-`));
  const port = String(portBase + Math.floor(Math.random() * 90));
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  async function start() {
    server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: port,
        PGLITE_DIR: path.join(dir, "pglite"),
        DATABASE_URL: "",
        NODE_ENV: "development",
        OUTBOX_POLL_MS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    // the server's output is kept beside the screenshots: a server that dies mid-test says why there
    mkdirSync(ARTIFACTS, { recursive: true });
    const keep = (b: Buffer) => {
      log += b;
      appendFileSync(path.join(ARTIFACTS, `${name}-server.log`), b);
    };
    server.stdout!.on("data", keep);
    server.stderr!.on("data", keep);
    const deadline = Date.now() + 200_000;
    for (;;) {
      if (server.exitCode != null) throw new Error(`server exited:\n${log}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async function stop() {
    const s = server;
    server = undefined;
    if (!s || s.exitCode != null) return;
    const exited = new Promise((r) => s.once("exit", r));
    s.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }

  /** runs SQL on the stopped server's database */
  async function sql(statements: string) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(path.join(dir, "pglite"));
    try {
      await db.exec(statements);
    } finally {
      await db.close();
    }
  }

  async function dispose() {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }

  return { base, start, stop, sql, dispose };
}

/** Prints the page as Chromium does (A4, print stylesheet), keeps the PDF and reads its text back. */
export async function printed(page: Page, name: string): Promise<{ pages: number; text: string }> {
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.pdf`), pdf);
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("") + "\n";
  }
  // fonts map some 汉字 to their Kangxi-radical twins (⼾ for 户): NFKC folds most of them back
  return { pages: doc.numPages, text: text.normalize("NFKC") };
}
