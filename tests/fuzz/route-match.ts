/**
 * Which route module answers a URL, the way Remix's flat routes name them: `villages.$code_.rules`
 * is /villages/:code/rules, `_index` an index route, a static segment beats a parameter.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

export const routesDir = path.resolve(import.meta.dirname, "../../app/routes");

export type RouteModule = { name: string; file: string; segments: string[] };

export function routeModules(): RouteModule[] {
  return readdirSync(routesDir)
    .filter((n) => /\.[jt]sx?$/.test(n) && !/\.test\.[jt]sx?$/.test(n) && !n.startsWith("."))
    .sort()
    .map((name) => ({
      name,
      file: path.join(routesDir, name),
      segments: name
        .replace(/\.[jt]sx?$/, "")
        .split(".")
        .filter((s) => s !== "_index" && !(s.startsWith("_") && s.length > 1))
        .map((s) => s.replace(/_$/, "")),
    }));
}

/** the module answering `pathname`, and its params */
export function matchRoute(modules: RouteModule[], pathname: string): { module: RouteModule; params: Record<string, string> } | null {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let best: { module: RouteModule; params: Record<string, string>; score: number } | null = null;
  for (const module of modules) {
    if (module.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let score = 0;
    let ok = true;
    module.segments.forEach((s, i) => {
      if (s.startsWith("$")) params[s.slice(1)] = parts[i];
      else if (s === parts[i]) score++;
      else ok = false;
    });
    if (ok && (!best || score > best.score)) best = { module, params, score };
  }
  return best && { module: best.module, params: best.params };
}

/** the URL of a module with these params */
export function pathOf(module: RouteModule, params: Record<string, string>): string {
  return "/" + module.segments.map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1)] ?? "") : s)).join("/");
}
