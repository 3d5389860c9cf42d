/**
 * The JavaScript a first visit to each page loads, from the built app (`npm run build` first):
 *
 *   npm run report:bundles              # print the table and write it into docs/benchmarks.md
 *   npm run report:bundles -- --no-write
 *
 * Reads the Remix build's browser manifest (public/build/manifest-*.js, the one the server build
 * names) and, for every route with a page (its file has a default export), adds up what the
 * document loads before it is interactive: the manifest itself, entry.client and its imports, the
 * root route and the route's parents, the route module and every chunk they import statically —
 * each file once. Imports are followed through build/metafile.js.json (esbuild's, written by the
 * classic compiler), so a chunk's own imports count too; dynamic imports (chart.js behind
 * LazyChart) are listed apart, as loaded on demand. Raw is the size on disk, gzip what a
 * compressing server sends (node's zlib, default level, as scripts/audit-lighthouse.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");

export type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; module: string; imports?: string[] };
export type Manifest = { url?: string; entry: { module: string; imports?: string[] }; routes: Record<string, ManifestRoute> };
/** a built file's static and dynamic imports, as /build/… URLs */
export type ImportsOf = (url: string) => { static: string[]; dynamic: string[] };
export type SizeOf = (url: string) => { raw: number; gzip: number };

export type PageBundle = {
  routeId: string;
  /** the URL pattern, /villages/:code */
  pattern: string;
  files: string[];
  raw: number;
  gzip: number;
  /** what this page adds beyond the base every page loads (manifest, entry, root) */
  ownRaw: number;
  ownGzip: number;
  /** chunks it may import later (dynamic imports), not counted above */
  lazy: string[];
};

/** every file reachable from `start` through static imports; dynamic imports met on the way go to `lazy` */
export function closure(start: string[], importsOf: ImportsOf, lazy = new Set<string>()): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const { static: s, dynamic: d } = importsOf(url);
    queue.push(...s);
    d.forEach((x) => lazy.add(x));
  }
  return seen;
}

export function patternOf(manifest: Manifest, id: string): string {
  const parts: string[] = [];
  for (let r: ManifestRoute | undefined = manifest.routes[id]; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) {
    if (r.path) parts.unshift(r.path);
  }
  return `/${parts.join("/")}`;
}

/** the JS each page's first visit loads, deduplicated; `isPage` says which routes render a page */
export function pageBundles(
  manifest: Manifest,
  importsOf: ImportsOf,
  sizeOf: SizeOf,
  isPage: (routeId: string) => boolean,
): { base: PageBundle; pages: PageBundle[] } {
  const sum = (files: Iterable<string>) =>
    [...files].reduce((a, f) => ({ raw: a.raw + sizeOf(f).raw, gzip: a.gzip + sizeOf(f).gzip }), { raw: 0, gzip: 0 });
  const rootRoute = manifest.routes.root;
  const baseStart = [
    ...(manifest.url ? [manifest.url] : []),
    manifest.entry.module,
    ...(manifest.entry.imports ?? []),
    rootRoute.module,
    ...(rootRoute.imports ?? []),
  ];
  const baseLazy = new Set<string>();
  const base = closure(baseStart, importsOf, baseLazy);
  const baseSize = sum(base);
  const baseBundle: PageBundle = {
    routeId: "root",
    pattern: "(every page)",
    files: [...base].sort(),
    ...baseSize,
    ownRaw: baseSize.raw,
    ownGzip: baseSize.gzip,
    lazy: [...baseLazy].sort(),
  };

  const pages = Object.values(manifest.routes)
    .filter((r) => r.id !== "root" && isPage(r.id))
    .map((r) => {
      const chain: ManifestRoute[] = [];
      for (let x: ManifestRoute | undefined = r; x && x.id !== "root"; x = x.parentId ? manifest.routes[x.parentId] : undefined)
        chain.unshift(x);
      const lazy = new Set<string>();
      const files = closure([...baseStart, ...chain.flatMap((c) => [c.module, ...(c.imports ?? [])])], importsOf, lazy);
      const own = [...files].filter((f) => !base.has(f));
      const size = sum(files);
      const ownSize = sum(own);
      return {
        routeId: r.id,
        pattern: patternOf(manifest, r.id),
        files: [...files].sort(),
        ...size,
        ownRaw: ownSize.raw,
        ownGzip: ownSize.gzip,
        lazy: [...lazy].filter((f) => !files.has(f)).sort(),
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern) || a.routeId.localeCompare(b.routeId));
  return { base: baseBundle, pages };
}

const kib = (n: number) => (n / 1024).toFixed(1);

export function markdownTable({ base, pages }: { base: PageBundle; pages: PageBundle[] }, sizeOf: SizeOf): string[] {
  const lazyCell = (p: PageBundle) =>
    p.lazy.length ? p.lazy.map((f) => `${path.basename(f).replace(/-[A-Z0-9]{8}\.js$/, "")} ${kib(sizeOf(f).gzip)}`).join(", ") : "—";
  return [
    "| page | route | scripts | raw KiB | gzip KiB | beyond the base, gzip KiB | on demand (gzip KiB) |",
    "|---|---|---:|---:|---:|---:|---|",
    `| *base: manifest, entry, root* | \`root\` | ${base.files.length} | ${kib(base.raw)} | ${kib(base.gzip)} | — | ${lazyCell(base)} |`,
    ...pages.map(
      (p) =>
        `| \`${p.pattern}\` | \`${p.routeId}\` | ${p.files.length} | ${kib(p.raw)} | ${kib(p.gzip)} | ${kib(p.ownGzip)} | ${lazyCell(p)} |`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

function readBuild() {
  const buildDir = path.join(root, "public/build");
  if (!existsSync(buildDir)) throw new Error("public/build is missing: run `npm run build` first");
  // the manifest the server build serves (several may lie in public/build from earlier builds)
  const server = existsSync(path.join(root, "build/index.js")) ? readFileSync(path.join(root, "build/index.js"), "utf8") : "";
  const named = /url: "(\/build\/manifest-[A-Z0-9]+\.js)"/.exec(server)?.[1];
  const candidates = readdirSync(buildDir).filter((f) => /^manifest-[A-Z0-9]+\.js$/.test(f));
  const file = named
    ? path.join(root, "public", named)
    : candidates.map((f) => path.join(buildDir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file || !existsSync(file)) throw new Error("no manifest-*.js in public/build: run `npm run build` first");
  const text = readFileSync(file, "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
  manifest.url ??= `/build/${path.basename(file)}`;

  const metafilePath = path.join(root, "build/metafile.js.json");
  const outputs = existsSync(metafilePath)
    ? (JSON.parse(readFileSync(metafilePath, "utf8")) as { outputs: Record<string, { imports: { path: string; kind: string }[] }> }).outputs
    : null;
  const toUrl = (p: string) => `/${p.replace(/^public\//, "")}`;
  const importsOf: ImportsOf = (url) => {
    const out = outputs?.[`public${url}`];
    if (!out) return { static: [], dynamic: [] };
    const js = out.imports.filter((i) => i.path.endsWith(".js"));
    return {
      static: js.filter((i) => i.kind === "import-statement").map((i) => toUrl(i.path)),
      dynamic: js.filter((i) => i.kind === "dynamic-import").map((i) => toUrl(i.path)),
    };
  };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf: SizeOf = (url) => {
    let s = sizes.get(url);
    if (!s) {
      const body = readFileSync(path.join(root, "public", url));
      s = { raw: body.length, gzip: gzipSync(body).length };
      sizes.set(url, s);
    }
    return s;
  };
  /** a route renders a page when its file has a default export (resource routes have none) */
  const isPage = (routeId: string) => {
    const base = path.join(root, "app", routeId);
    const src = [".tsx", ".ts", ".jsx", ".js"].map((ext) => base + ext).find(existsSync);
    return src ? /export\s+default\b/.test(readFileSync(src, "utf8")) : true;
  };
  return { manifest, manifestFile: path.relative(root, file), importsOf, sizeOf, isPage, followed: outputs !== null };
}

function writeDocs(table: string[], info: { manifestFile: string; followed: boolean; pages: number }) {
  const file = path.join(root, "docs/benchmarks.md");
  const start = "<!-- report:bundles start (written by scripts/bundle-sizes.ts) -->";
  const block = [
    start,
    "## JavaScript per page, first visit (`npm run report:bundles`)",
    "",
    `Built ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC from \`${info.manifestFile}\` (Remix classic compiler, production build); ` +
      `${info.pages} pages. Each row counts every script the page's first load fetches, each once: the manifest, entry.client, ` +
      "the root route, the page's route module and all the chunks they import statically" +
      (info.followed ? " (followed through build/metafile.js.json)" : "") +
      ". Raw is the size on disk, gzip what a compressing server sends. *Beyond the base* is what the page adds to the scripts every page loads; " +
      "*on demand* are dynamic imports, fetched only when used (chart.js, when a chart comes near the window). " +
      "Resource routes (exports, API, health) load no JavaScript and are left out.",
    "",
    ...table,
    "<!-- report:bundles end -->",
  ].join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const re = /<!-- report:bundles start[\s\S]*?<!-- report:bundles end -->/;
  const after = "<!-- audit:lighthouse-notes end -->";
  const next = re.test(old)
    ? old.replace(re, block)
    : old.includes(after)
      ? old.replace(after, `${after}\n\n${block}`)
      : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`written to ${path.relative(root, file)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { "no-write": { type: "boolean", default: false } } });
  const build = readBuild();
  const result = pageBundles(build.manifest, build.importsOf, build.sizeOf, build.isPage);
  const table = markdownTable(result, build.sizeOf);
  console.log(["", ...table, ""].join("\n"));
  if (!build.followed) console.warn("build/metafile.js.json not found: only the manifest's imports were counted");
  if (!values["no-write"]) writeDocs(table, { manifestFile: build.manifestFile, followed: build.followed, pages: result.pages.length });
}
