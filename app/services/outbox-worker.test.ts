/**
 * The outbox worker over a real network: a node http server on 127.0.0.1 plays the robot
 * (tests/mocks/local-robot.ts), so the app's fetch, its timeouts and aborts are the real ones.
 * msw stays on for the robot services' public addresses; requests to 127.0.0.1 pass through it.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { incomeYears, notifyTargets, outboxMessages } from "@db/schema";
import { transitionIncomeYear } from "~/models/income.server";
import { addTarget } from "~/models/notify-targets.server";
import { deliverDue, enqueueForVillage, type DeliverReport, type Sender } from "~/models/outbox.server";
import { advanceClockForTests, now, setNowForTests } from "~/utils/clock.server";
import { getEnv, resetEnvForTests } from "~/utils/env.server";
import { sendToRobot } from "~/utils/robot-sender.server";
import { seededDatabase } from "../../tests/db";
import { startLocalRobot, type LocalRobot } from "../../tests/mocks/local-robot";
import { received, robotServer } from "../../tests/mocks/robots";
import { startOutboxWorker } from "./outbox-worker.server";

const HONGHE = "520323102201";
const KUANDONG = "520323102000";
const SECRET = "SEC5c1e7c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123";
const admin = { id: "demo-admin", username: "admin" } as const;
/**
 * Where the lease tests stop the app clock: the messages are written then, and the passes read
 * the same clock (`clock: now`), which only the tests move. A lease ends when a test says so, not
 * when a busy machine has taken long enough.
 */
const T0 = new Date("2026-03-02T01:00:00Z");
let database: Database;
let robot: LocalRobot;

const messages = () => database.db.select().from(outboxMessages).orderBy(outboxMessages.id);

async function localTarget(kind: "dingtalk" | "wecom" = "wecom", secret: string | null = null) {
  return addTarget({ db: database.db, actor: admin, regionCode: KUANDONG, kind, name: "宽洞镇农经群", webhookUrl: robot.url, secret });
}

async function enqueue(title: string) {
  await database.db.transaction((tx) =>
    enqueueForVillage(tx, {
      villageCode: HONGHE,
      event: "test",
      message: () => ({ title, text: `### ${title}`, link: "http://localhost:3000/x" }),
    }),
  );
}

/** the title of a request's message, for WeCom ({ markdown: { content } }) and DingTalk ({ markdown: { title } }) */
const titleOf = (body: { markdown: { content?: string; title?: string } }) =>
  body.markdown.title ?? /### (\S+)/.exec(body.markdown.content ?? "")?.[1];

/** The database as a process that can die sees it: once crashed, nothing it asks reaches the database. */
function crashable(db: Database["db"]) {
  let dead = false;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (dead) throw new Error("the process is gone");
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, crash: () => void (dead = true) };
}

beforeAll(async () => {
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
  resetEnvForTests();
  // the public robot services stay mocked (no real network); the local robot on 127.0.0.1 is let through
  robotServer.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname === "127.0.0.1") return;
      print.error();
    },
  });
  database = await seededDatabase();
});
afterAll(() => robotServer.close());
beforeEach(async () => {
  await database.db.delete(outboxMessages);
  await database.db.delete(notifyTargets);
  received.length = 0;
  robot = await startLocalRobot();
});
afterEach(async () => {
  await robot.close();
  setNowForTests(null);
});

describe("a robot URL pointed at a local test server", () => {
  it("approving 红河村's year sends one signed DingTalk markdown message, in Chinese with the link, to the server", async () => {
    await localTarget("dingtalk", SECRET);
    const honghe2025 = sql`${incomeYears.villageCode} = ${HONGHE} and ${incomeYears.year} = 2025`;
    await database.db.update(incomeYears).set({ status: "submitted" }).where(honghe2025);
    const [year] = await database.db.select({ version: incomeYears.version }).from(incomeYears).where(honghe2025);
    try {
      const r = await transitionIncomeYear({
        db: database.db,
        villageCode: HONGHE,
        year: 2025,
        version: year.version,
        transition: "approve",
        actor: { id: "demo-town-kuandong", username: "town-kuandong" },
        capacity: { canEdit: false, canApprove: true, canUnlock: false },
      });
      expect(r.ok).toBe(true);

      const fixed = Date.now() + 1000;
      setNowForTests(new Date(fixed));
      const worker = startOutboxWorker({ db: database.db, pollMs: 0 });
      await worker.kick();
      await worker.stop();

      expect(robot.hits).toHaveLength(1);
      expect(received).toHaveLength(0); // over the network to 127.0.0.1, not through msw's stand-ins
      const [hit] = robot.hits;
      const url = new URL(hit.url, "http://127.0.0.1");
      expect(url.pathname).toBe("/robot/send");
      expect(url.searchParams.get("access_token")).toBe("local-token");
      expect(url.searchParams.get("timestamp")).toBe(String(fixed));
      // the signature, computed apart from the app (WebCrypto), URL-encoded on the wire
      const enc = new TextEncoder();
      const key = await crypto.subtle.importKey("raw", enc.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const sign = Buffer.from(await crypto.subtle.sign("HMAC", key, enc.encode(`${fixed}\n${SECRET}`))).toString("base64");
      expect(url.searchParams.get("sign")).toBe(sign);
      expect(hit.url).toContain(`sign=${encodeURIComponent(sign)}`);
      expect(hit.body).toEqual({
        msgtype: "markdown",
        markdown: {
          title: "红河村 2025 年度收益已审核通过",
          text: [
            "### 红河村 2025 年度收益已审核通过",
            "",
            "- 地区：绥阳县 · 宽洞镇 · 红河村",
            "- 年度：2025",
            "- 操作人：town-kuandong",
            "",
            `[查看详情](http://localhost:3000/villages/${HONGHE}/income/2025)`,
          ].join("\n"),
        },
      });
      expect(await messages()).toMatchObject([{ event: "income_year.approve", status: "sent", attempts: 1 }]);
    } finally {
      await database.db.update(incomeYears).set({ status: "approved" }).where(honghe2025);
    }
  });
});

describe("leases: no message sent twice", () => {
  it("a batch whose sends outlast the claim's lease is not sent again by a second server (slow robot, short lease)", async () => {
    setNowForTests(T0);
    await localTarget();
    const titles = ["m0", "m1", "m2", "m3", "m4", "m5"];
    for (const title of titles) await enqueue(title);
    // six sends of 300 ms each under a 1.2 s lease: the claim's lease ends while the batch is sent
    const opts = { db: database.db, leaseMs: 1200, timeoutMs: 600, clock: now };
    const reportsB: DeliverReport[] = [];
    /**
     * A send to the local robot that lasts 300 ms on the clock, whatever the real request took
     * (which may be as long as the machine needs); while it lasts, a second server polls every 50 ms.
     */
    const slowSend =
      (secondServerPolls: boolean): Sender =>
      async (target, message, so) => {
        const verdict = await sendToRobot(target, message, { ...so, timeoutMs: 30_000 });
        for (let ms = 0; ms < 300; ms += 50) {
          advanceClockForTests(50);
          if (secondServerPolls) reportsB.push(await deliverDue({ ...opts, send: slowSend(false) }));
        }
        return verdict;
      };
    const reportA = await deliverDue({ ...opts, send: slowSend(true) });
    const sentB = reportsB.reduce((n, r) => n + r.sent, 0);
    expect(reportA.claimed).toBe(6);
    expect({ reportA, reportsB: reportsB.filter((r) => r.claimed) }).toMatchObject({ reportA: { retried: 0, failed: 0 } });
    expect(reportsB.every((r) => r.retried === 0 && r.lost === 0)).toBe(true);
    expect(reportA.sent + sentB).toBe(6);
    // whatever the second server took over, the first skipped: every message reached the robot once
    expect(reportA.lost).toBe(sentB);
    expect(reportA.lost).toBeGreaterThan(0);
    expect(robot.hits.map((h) => titleOf(h.body)).sort()).toEqual(titles);
    expect((await messages()).every((m) => m.status === "sent")).toBe(true);
    expect(await deliverDue({ ...opts, now: new Date(now().getTime() + 86_400_000) })).toMatchObject({ claimed: 0 });
    // on the clock, exactly: m0–m3 sent by the first server; at 1.2 s the second claims m4 and m5,
    // whose lease then ran out, and sends them; the first finds them no longer its own
    expect(reportA).toMatchObject({ claimed: 6, sent: 4, lost: 2 });
    expect(reportsB.filter((r) => r.claimed)).toEqual([{ claimed: 2, sent: 2, retried: 0, failed: 0, lost: 0, released: 0 }]);
  });

  it("refuses a lease that does not outlast a send: in the environment, and in a pass", async () => {
    const saved = { lease: process.env.OUTBOX_LEASE_SECONDS, timeout: process.env.ROBOT_TIMEOUT_MS };
    try {
      process.env.OUTBOX_LEASE_SECONDS = "15";
      process.env.ROBOT_TIMEOUT_MS = "10000";
      resetEnvForTests();
      expect(() => getEnv()).toThrow(/OUTBOX_LEASE_SECONDS: must be at least twice ROBOT_TIMEOUT_MS/);
      process.env.OUTBOX_LEASE_SECONDS = "20";
      resetEnvForTests();
      expect(getEnv().OUTBOX_LEASE_SECONDS).toBe(20);
    } finally {
      for (const [k, v] of [
        ["OUTBOX_LEASE_SECONDS", saved.lease],
        ["ROBOT_TIMEOUT_MS", saved.timeout],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    }
    await expect(deliverDue({ db: database.db, leaseMs: 1000, timeoutMs: 600 })).rejects.toThrow(/does not outlast a send/);
  });
});

describe("stopping the app mid-delivery loses nothing", () => {
  it("a crash: the claimed message's send hangs, the process dies, and a new worker sends it exactly once after the lease ends", async () => {
    await localTarget();
    setNowForTests(T0);
    await enqueue("crash");
    robot.mode.hang = true;
    const dying = crashable(database.db);
    const logs: string[] = [];
    const old = startOutboxWorker({ db: dying.db, pollMs: 0, clock: now, log: (l) => logs.push(l) });
    const inFlight = old.kick();
    await robot.waitForHits(1);
    expect(await messages()).toMatchObject([{ status: "sending", attempts: 1 }]);

    // the process dies: it reaches the database no more, and its connection to the robot is cut
    dying.crash();
    robot.dropConnections();
    await inFlight;
    expect(logs.join("\n")).toMatch(/the process is gone/);
    expect(await messages()).toMatchObject([{ status: "sending", attempts: 1 }]);
    expect(robot.answered).toHaveLength(0);

    // restart: a new worker, a robot that answers again
    robot.mode.hang = false;
    const restarted = startOutboxWorker({ db: database.db, pollMs: 0, clock: now });
    await restarted.kick();
    expect(robot.hits).toHaveLength(1); // still leased to the dead process
    advanceClockForTests(getEnv().OUTBOX_LEASE_SECONDS * 1000 + 1);
    await restarted.kick();
    await restarted.kick();
    await restarted.stop();
    expect(robot.answered.map((h) => titleOf(h.body))).toEqual(["crash"]);
    expect(robot.hits).toHaveLength(2); // the dead process's unanswered request, and the delivery
    expect(await messages()).toMatchObject([{ status: "sent", attempts: 2, lastErrorCode: null }]);
  });

  it("a graceful stop (SIGTERM): the send under way is cut short and the batch put back at once; the next worker sends it without waiting for the lease", async () => {
    await localTarget();
    setNowForTests(T0);
    await enqueue("first");
    await enqueue("second");
    robot.mode.hang = true;
    const old = startOutboxWorker({ db: database.db, pollMs: 0, clock: now });
    const inFlight = old.kick();
    await robot.waitForHits(1);
    await old.stop();
    await inFlight;
    // the one in flight keeps its try; the one never tried gets it back; both are due now
    const released = await messages();
    expect(released).toMatchObject([
      { status: "pending", attempts: 1, lastErrorCode: "stopped" },
      { status: "pending", attempts: 0 },
    ]);
    expect(released.every((m) => m.nextAttemptAt.getTime() <= now().getTime())).toBe(true);

    robot.mode.hang = false;
    const restarted = startOutboxWorker({ db: database.db, pollMs: 0, clock: now });
    await restarted.kick();
    await restarted.stop();
    expect(robot.answered.map((h) => titleOf(h.body))).toEqual(["first", "second"]);
    expect(await messages()).toMatchObject([
      { status: "sent", attempts: 2 },
      { status: "sent", attempts: 1 },
    ]);
  });
});
