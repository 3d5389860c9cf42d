import { eq, sql } from "drizzle-orm";
import { delay, http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@db/client.server";
import { incomeYears, notifyTargets, outboxMessages } from "@db/schema";
import { retryDelayMs } from "~/domain/robots";
import { setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { encryptSecret } from "~/utils/secret-box.server";
import { sendToRobot } from "~/utils/robot-sender.server";
import { DINGTALK_SECRET, DINGTALK_URL, received, robotServer, WECOM_URL } from "../../tests/mocks/robots";
import { seededDatabase } from "../../tests/db";
import { approveRun, confirmRun } from "./distribution-approval.server";
import { startNotice } from "./distribution-notice.server";
import { draftRun } from "./distributions.server";
import { transitionIncomeYear } from "./income.server";
import { claimDue, deliverDue, enqueueForVillage, type Sender } from "./outbox.server";
import { resendMessage } from "./notify-targets.server";

const HONGHE = "520323102201";
const KUANDONG = "520323102000";
const SUIYANG = "520323000000";
const actor = { id: "test", username: "tester" } as const;
let database: Database;

async function addTarget(kind: "dingtalk" | "wecom", regionCode: string, secret: string | null = null) {
  const [t] = await database.db
    .insert(notifyTargets)
    .values({
      regionCode,
      kind,
      name: `${kind}-${regionCode}`,
      webhookUrl: kind === "dingtalk" ? DINGTALK_URL : WECOM_URL,
      secretCiphertext: secret ? encryptSecret(secret) : null,
    })
    .returning({ id: notifyTargets.id });
  return t.id;
}

async function enqueueOne(title = "标题") {
  return database.db.transaction((tx) =>
    enqueueForVillage(tx, {
      villageCode: HONGHE,
      event: "test",
      message: () => ({ title, text: `### ${title}`, link: "http://localhost:3000/x" }),
    }),
  );
}

const messages = () => database.db.select().from(outboxMessages).orderBy(outboxMessages.id);

/** base64 HMAC-SHA256 with WebCrypto: an implementation apart from the app's node:crypto one */
async function webCryptoSign(timestamp: number, secret: string) {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(`${timestamp}\n${secret}`));
  return Buffer.from(new Uint8Array(mac)).toString("base64");
}

beforeAll(async () => {
  // the key several servers on one PostgreSQL would share (without it no secret can be stored there)
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
  resetEnvForTests();
  robotServer.listen({ onUnhandledRequest: "error" });
  database = await seededDatabase();
});
afterAll(() => robotServer.close());
beforeEach(async () => {
  await database.db.delete(outboxMessages);
  await database.db.delete(notifyTargets);
  received.length = 0;
});
afterEach(() => {
  robotServer.resetHandlers();
  setNowForTests(null);
});

describe("the robots' protocols", () => {
  it("signs a DingTalk message for a fixed clock: timestamp and URL-encoded Base64 HMAC-SHA256 of `timestamp\\nsecret`", async () => {
    const fixed = Date.UTC(2026, 0, 15, 2, 30, 0);
    setNowForTests(new Date(fixed));
    const verdict = await sendToRobot(
      { kind: "dingtalk", webhookUrl: DINGTALK_URL, secret: DINGTALK_SECRET },
      { title: "标题", text: "### 标题\n\n正文", link: "http://localhost:3000/p" },
    );
    expect(verdict).toEqual({ ok: true });
    expect(received).toHaveLength(1);
    const url = new URL(received[0].url);
    expect(url.searchParams.get("access_token")).toBe("test-token");
    expect(url.searchParams.get("timestamp")).toBe(String(fixed));
    const expected = await webCryptoSign(fixed, DINGTALK_SECRET);
    expect(url.searchParams.get("sign")).toBe(expected);
    // on the wire the Base64 is URL-encoded (+, / and = escaped)
    expect(received[0].url).toContain(`&sign=${encodeURIComponent(expected)}`);
    expect(received[0].url).not.toMatch(/sign=[^&]*[+/=]/);
    expect(received[0].body).toEqual({
      msgtype: "markdown",
      markdown: { title: "标题", text: "### 标题\n\n正文\n\n[查看详情](http://localhost:3000/p)" },
    });
  });

  it("sends WeCom markdown as { msgtype, markdown: { content } }, unsigned", async () => {
    const verdict = await sendToRobot(
      { kind: "wecom", webhookUrl: WECOM_URL, secret: null },
      { title: "标题", text: "正文", link: "http://x/y" },
    );
    expect(verdict).toEqual({ ok: true });
    expect(received[0].url).toBe(WECOM_URL);
    expect(received[0].body).toEqual({ msgtype: "markdown", markdown: { content: "正文\n\n[查看详情](http://x/y)" } });
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(retryDelayMs(1, 0)).toBe(15_000);
    expect(retryDelayMs(1, 1)).toBe(30_000);
    expect(retryDelayMs(3, 0.5)).toBe(90_000);
    expect(retryDelayMs(30, 1)).toBe(3_600_000);
  });
});

describe("the outbox worker", () => {
  // the messages are written with the app clock stopped at WRITTEN, and the passes run from t0 on:
  // however long the machine takes to reach a test, they are due at t0 and not before
  const WRITTEN = new Date("2026-03-02T01:00:00Z");
  const t0 = new Date(WRITTEN.getTime() + 60_000);
  const later = (ms: number) => new Date(t0.getTime() + ms);
  beforeEach(() => setNowForTests(WRITTEN));

  it("delivers a pending message once and marks it sent", async () => {
    await addTarget("wecom", KUANDONG);
    expect(await enqueueOne()).toBe(1);
    expect(await deliverDue({ db: database.db, now: t0 })).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0, lost: 0, released: 0 });
    expect(await deliverDue({ db: database.db, now: later(3_600_000) })).toMatchObject({ claimed: 0 });
    const [m] = await messages();
    expect(m).toMatchObject({ status: "sent", attempts: 1, lastErrorCode: null, lastError: null });
    expect(received).toHaveLength(1);
  });

  for (const [name, handler, code, detail] of [
    ["a 5xx", () => new HttpResponse("busy", { status: 503 }), "http", "503: busy"],
    ["errcode ≠ 0", () => HttpResponse.json({ errcode: 310000, errmsg: "sign not match" }), "errcode", "310000: sign not match"],
    [
      "a timeout",
      async () => {
        await delay("infinite"); // a robot that never answers
        return HttpResponse.json({ errcode: 0 });
      },
      "timeout",
      "200",
    ],
  ] as const) {
    it(`retries after ${name}, later than the backoff, then delivers`, async () => {
      await addTarget("wecom", KUANDONG);
      await enqueueOne();
      robotServer.use(http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", handler, { once: true }));
      // Only the robot that never answers meets the 200 ms limit; an answer, however slow the
      // machine, is read under the usual one.
      const send: Sender = (t, m, so) => sendToRobot(t, m, code === "timeout" ? { ...so, timeoutMs: 200 } : so);
      expect(await deliverDue({ db: database.db, now: t0, send, random: () => 0.5 })).toMatchObject({ claimed: 1, retried: 1 });
      const [m] = await messages();
      expect(m.status).toBe("pending");
      expect(m.attempts).toBe(1);
      // the reason as a code and its detail, worded on the admin page in the reader's language
      expect(m).toMatchObject({ lastErrorCode: code, lastError: detail });
      expect(m.nextAttemptAt.getTime()).toBe(t0.getTime() + retryDelayMs(1, 0.5));
      // not due before the backoff ends
      expect(await deliverDue({ db: database.db, now: later(retryDelayMs(1, 0.5) - 1) })).toMatchObject({ claimed: 0 });
      expect(await deliverDue({ db: database.db, now: later(retryDelayMs(1, 0.5)) })).toMatchObject({ claimed: 1, sent: 1 });
      const [after] = await messages();
      expect(after).toMatchObject({ status: "sent", attempts: 2, lastErrorCode: null, lastError: null });
    });
  }

  it("gives up after OUTBOX_MAX_ATTEMPTS tries; an admin's resend queues it again", async () => {
    await addTarget("wecom", KUANDONG);
    await enqueueOne();
    let calls = 0;
    robotServer.use(
      http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", () => {
        calls++;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    let at = t0;
    for (let i = 0; i < 5; i++) {
      await deliverDue({ db: database.db, now: at, maxAttempts: 3 });
      at = later((i + 1) * 10 * 3_600_000);
    }
    expect(calls).toBe(3);
    const [m] = await messages();
    expect(m).toMatchObject({ status: "failed", attempts: 3 });
    robotServer.resetHandlers();
    expect(await resendMessage({ db: database.db, actor, id: m.id })).toEqual({ ok: true });
    expect(await deliverDue({ db: database.db, maxAttempts: 3 })).toMatchObject({ sent: 1 });
    expect((await messages())[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("a sender that stopped mid-delivery loses nothing: the row is claimed again when its lease ends, and the old sender's late answer is ignored", async () => {
    await addTarget("wecom", KUANDONG);
    await enqueueOne();
    // a sender claims the row and dies before answering
    const [crashed] = await database.db.transaction((tx) => claimDue({ db: tx, limit: 10, now: t0, leaseMs: 60_000 }));
    expect(crashed.attempts).toBe(1);
    expect(await deliverDue({ db: database.db, now: later(59_999), leaseMs: 60_000 })).toMatchObject({ claimed: 0 });
    expect(await deliverDue({ db: database.db, now: later(60_000), leaseMs: 60_000 })).toMatchObject({ claimed: 1, sent: 1 });
    // the first sender's late "failed" would be fenced off by the attempt number
    const stale = await database.db
      .update(outboxMessages)
      .set({ status: "pending" })
      .where(
        sql`${outboxMessages.id} = ${crashed.id} and ${outboxMessages.status} = 'sending' and ${outboxMessages.attempts} = ${crashed.attempts}`,
      )
      .returning();
    expect(stale).toHaveLength(0);
    expect((await messages())[0]).toMatchObject({ status: "sent", attempts: 2 });
    expect(received).toHaveLength(1);
  });

  it("a disabled target's message fails at once without a request", async () => {
    const id = await addTarget("wecom", KUANDONG);
    await enqueueOne();
    await database.db.update(notifyTargets).set({ enabled: false }).where(eq(notifyTargets.id, id));
    expect(await deliverDue({ db: database.db, now: t0 })).toMatchObject({ failed: 1 });
    expect(received).toHaveLength(0);
    expect((await messages())[0]).toMatchObject({ status: "failed", attempts: 1, lastErrorCode: "disabled" });
  });
});

describe("enqueueing in the change's transaction", () => {
  it("a rolled-back change leaves no message: a real approval that queued one, inside a transaction that then fails", async () => {
    await addTarget("dingtalk", KUANDONG, DINGTALK_SECRET);
    const honghe2025 = sql`${incomeYears.villageCode} = ${HONGHE} and ${incomeYears.year} = 2025`;
    // the seeded year is approved: bring it back to submitted, for 宽洞镇 to approve
    await database.db.update(incomeYears).set({ status: "submitted" }).where(honghe2025);
    const [year] = await database.db.select({ version: incomeYears.version }).from(incomeYears).where(honghe2025);
    const town = { id: "demo-town-kuandong", username: "town-kuandong" };
    await expect(
      database.db.transaction(async (tx) => {
        const r = await transitionIncomeYear({
          db: tx as never,
          villageCode: HONGHE,
          year: 2025,
          version: year.version,
          transition: "approve",
          actor: town,
          capacity: { canEdit: false, canApprove: true, canUnlock: false },
        });
        expect(r.ok).toBe(true);
        // the transition itself queued the message, in this transaction
        const queued = await tx.select().from(outboxMessages);
        expect(queued.map((m) => m.event)).toEqual(["income_year.approve"]);
        throw new Error("a later step of the same change failed");
      }),
    ).rejects.toThrow("a later step of the same change failed");
    expect(await messages()).toHaveLength(0);
    const [still] = await database.db
      .select({ status: incomeYears.status, version: incomeYears.version })
      .from(incomeYears)
      .where(honghe2025);
    expect(still).toEqual({ status: "submitted", version: year.version });
    // and nothing goes out
    expect(await deliverDue({ db: database.db, now: new Date(Date.now() + 3_600_000) })).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(0);
    await database.db.update(incomeYears).set({ status: "approved" }).where(honghe2025);
  });

  it("writes one message per enabled target of the village, its town and its county, none for others", async () => {
    await addTarget("dingtalk", KUANDONG, DINGTALK_SECRET);
    await addTarget("wecom", SUIYANG);
    await addTarget("wecom", HONGHE);
    await addTarget("wecom", "520304101000"); // 尚嵇镇: elsewhere
    const off = await addTarget("wecom", SUIYANG);
    await database.db.update(notifyTargets).set({ enabled: false }).where(eq(notifyTargets.id, off));
    expect(await enqueueOne()).toBe(3);
  });
});

describe("a distribution run's notice and approval", () => {
  it("each enqueue a message with the notice period and a link to the run", async () => {
    await addTarget("wecom", SUIYANG);
    const sec = { id: "demo-sec-honghe", username: "sec-honghe" };
    const town = { id: "demo-town-kuandong", username: "town-kuandong" };
    const common = { db: database.db, villageCode: HONGHE, year: 2025 };
    const drafted = await draftRun({
      ...common,
      recordDate: "2026-03-01",
      actor: sec,
      capacity: { canWrite: true, canConfirm: false },
      today: "2026-03-20",
    });
    expect(drafted.ok).toBe(true);
    expect(await messages()).toHaveLength(0);
    const v = (drafted as { version: number }).version;
    expect(
      await startNotice({
        ...common,
        version: v,
        from: "2026-03-21",
        to: "2026-03-27",
        actor: sec,
        capacity: { canWrite: true, canConfirm: false },
        today: "2026-03-20",
      }),
    ).toMatchObject({ ok: true });
    const [notice] = await messages();
    expect(notice.event).toBe("distribution_run.notice");
    expect(notice.payload).toMatchObject({
      title: "红河村 2025 年度分配方案开始公示",
      link: `http://localhost:3000/villages/${HONGHE}/distributions/2025`,
    });
    expect((notice.payload as { text: string }).text).toContain("公示期：2026-03-21 至 2026-03-27");
    expect(
      await approveRun({ ...common, version: v + 1, actor: sec, capacity: { canWrite: true, canConfirm: false }, today: "2026-03-28" }),
    ).toMatchObject({ ok: true });
    expect(await messages()).toHaveLength(1);
    expect(
      await confirmRun({ ...common, version: v + 2, actor: town, capacity: { canWrite: false, canConfirm: true }, today: "2026-03-28" }),
    ).toMatchObject({ ok: true });
    const all = await messages();
    expect(all.map((m) => m.event)).toEqual(["distribution_run.notice", "distribution_run.approved"]);
    expect(all[1].payload).toMatchObject({ title: "红河村 2025 年度分配方案已审核确认" });
  });
});

describe.skipIf(process.env.TEST_DB !== "postgres")("two workers on one PostgreSQL server (PGlite is one process: skipped there)", () => {
  it("deliver each of 60 messages exactly once", async () => {
    await addTarget("wecom", KUANDONG);
    for (let i = 0; i < 60; i++) await enqueueOne(`m${i}`);
    robotServer.use(
      http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", async ({ request }) => {
        const body = (await request.json()) as { markdown: { content: string } };
        received.push({ service: "wecom", url: request.url, body });
        await delay(5);
        return HttpResponse.json({ errcode: 0 });
      }),
    );
    // two separate connection pools, as two app servers would have
    const a = await openDatabase({ max: 3 });
    const b = await openDatabase({ max: 3 });
    try {
      const run = async (db: Database) => {
        let sent = 0;
        for (;;) {
          const r = await deliverDue({ db: db.db, limit: 4 });
          sent += r.sent;
          if (r.claimed === 0) return sent;
        }
      };
      const [sentA, sentB] = await Promise.all([run(a), run(b)]);
      expect(sentA + sentB).toBe(60);
      expect(sentA).toBeGreaterThan(0);
      expect(sentB).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
    const titles = received.map((r) => /### (m\d+)/.exec(r.body.markdown.content)![1]);
    expect(titles).toHaveLength(60);
    expect(new Set(titles).size).toBe(60);
    expect((await messages()).every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
  });
});
