/**
 * A real HTTP server on 127.0.0.1 (a port the system picks) standing in for a DingTalk or WeCom
 * robot, for the tests that want the whole way over the network: node's http server, the app's
 * fetch, its timeouts and aborts. Every request that arrives is recorded (`hits`) with its raw URL
 * and JSON body; `answered` holds those it answered { errcode: 0 }. `delayMs` makes it slow,
 * `hang` makes it never answer; `dropConnections()` cuts every open connection, as the death of
 * the process at the other end would.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type LocalHit = { url: string; body: any; at: number };

export type LocalRobot = {
  /** the webhook URL to register as a target */
  url: string;
  hits: LocalHit[];
  answered: LocalHit[];
  mode: { delayMs: number; hang: boolean };
  /** resolves once `n` requests have arrived */
  waitForHits: (n: number, timeoutMs?: number) => Promise<void>;
  dropConnections: () => void;
  close: () => Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => resolve(raw));
    req.on("error", reject);
  });
}

export async function startLocalRobot(path = "/robot/send?access_token=local-token"): Promise<LocalRobot> {
  const hits: LocalHit[] = [];
  const answered: LocalHit[] = [];
  const mode = { delayMs: 0, hang: false };
  const sockets = new Set<Socket>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const hit: LocalHit = { url: req.url ?? "", body: raw ? JSON.parse(raw) : null, at: Date.now() };
      hits.push(hit);
      for (const w of waiters.filter((w) => hits.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (mode.hang) return;
      setTimeout(() => {
        if (res.destroyed) return;
        answered.push(hit);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
      }, mode.delayMs);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    hits,
    answered,
    mode,
    waitForHits: (n, timeoutMs = 10_000) =>
      hits.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`the local robot had ${hits.length} of ${n} requests after ${timeoutMs} ms`)),
              timeoutMs,
            );
            waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
