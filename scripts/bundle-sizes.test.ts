import { describe, expect, it } from "vitest";
import { pageBundles, patternOf, type ImportsOf, type Manifest } from "./bundle-sizes";

// entry → a; root → a, b; page → b, c; c → d (only in the metafile); c ⇢ lazy (dynamic)
const manifest: Manifest = {
  url: "/build/manifest.js",
  entry: { module: "/build/entry.js", imports: ["/build/a.js"] },
  routes: {
    root: { id: "root", path: "", module: "/build/root.js", imports: ["/build/a.js", "/build/b.js"] },
    "routes/villages.$code": {
      id: "routes/villages.$code",
      parentId: "root",
      path: "villages/:code",
      module: "/build/village.js",
      imports: ["/build/b.js", "/build/c.js"],
    },
    "routes/villages.$code._index": {
      id: "routes/villages.$code._index",
      parentId: "routes/villages.$code",
      index: true,
      module: "/build/index.js",
    },
    "routes/healthz": { id: "routes/healthz", parentId: "root", path: "healthz", module: "/build/healthz.js" },
  },
};
const graph: Record<string, { static: string[]; dynamic: string[] }> = {
  "/build/c.js": { static: ["/build/d.js"], dynamic: ["/build/lazy.js"] },
};
const importsOf: ImportsOf = (url) => graph[url] ?? { static: [], dynamic: [] };
const sizeOf = (url: string) => ({ raw: 1000, gzip: url === "/build/lazy.js" ? 5000 : 100 });

describe("bundle sizes", () => {
  const { base, pages } = pageBundles(manifest, importsOf, sizeOf, (id) => id !== "routes/healthz");

  it("counts every file a first visit loads once, through parents and chunks' own imports", () => {
    expect(base.files).toEqual(["/build/a.js", "/build/b.js", "/build/entry.js", "/build/manifest.js", "/build/root.js"]);
    const index = pages.find((p) => p.routeId === "routes/villages.$code._index")!;
    expect(index.files).toHaveLength(9); // base 5 + village, c, d, index
    expect(index).toMatchObject({ raw: 9000, gzip: 900, ownGzip: 400, pattern: "/villages/:code", lazy: ["/build/lazy.js"] });
  });

  it("leaves out routes without a page, and builds URL patterns from the parents", () => {
    expect(pages.map((p) => p.routeId)).toEqual(["routes/villages.$code", "routes/villages.$code._index"]);
    expect(patternOf(manifest, "routes/healthz")).toBe("/healthz");
  });
});
