/**
 * What the HTTP benchmarks share: the built app served by scripts/serve.ts on a port (waited for
 * until /healthz answers), a session cookie from signing in over HTTP, and one autocannon
 * measurement of a URL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

/** `npm start`'s server with these settings over the environment; resolves once /healthz answers (60 s at most) */
export async function startServer(base: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [tsx, "scripts/serve.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      if ((await fetch(`${base}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
  }
  child.kill("SIGTERM");
  throw new Error("the server did not answer /healthz within 60 s");
}

/** the session cookie (`name=value`) of signing in at /login as a browser would */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password }),
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => /session=/.test(c));
  if (!cookie) throw new Error(`sign-in failed: ${r.status}`);
  return cookie;
}

export type Measure = { reqPerSec: number; p50: number; p99: number; non2xx: number; requests: number };

/** autocannon on `url` with `connections` for `duration` seconds, signed in when a cookie is given */
export async function measure(
  url: string,
  cookie: string | null,
  { connections, duration }: { connections: number; duration: number },
): Promise<Measure> {
  const result = await autocannon({ url, connections, duration, headers: cookie ? { cookie } : {} });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}
