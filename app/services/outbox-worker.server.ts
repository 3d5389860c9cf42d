/**
 * The outbox worker inside the server process (scripts/serve.ts starts it after the migrations
 * and stops it on shutdown): a pass of deliverDue every OUTBOX_POLL_MS, more passes at once while
 * a pass found a full batch. Each server on one PostgreSQL runs its own; SKIP LOCKED shares the
 * rows among them. Stopping (SIGTERM, SIGINT) cuts the send under way short, puts the rows it
 * had claimed and not delivered back in the queue, due at once, and waits for that; a message
 * claimed by a process that was killed outright is claimed again when its lease
 * (OUTBOX_LEASE_SECONDS) ends.
 */
import type { DbOrTx } from "@db/client.server";
import { deliverDue, type DeliverOptions } from "~/models/outbox.server";
import { getEnv } from "~/utils/env.server";

export type OutboxWorker = { stop: () => Promise<void>; /** runs a pass now (tests, or right after a change) */ kick: () => Promise<void> };

export function startOutboxWorker(
  opts: { db: DbOrTx; pollMs?: number; batch?: number; log?: (line: string) => void } & Partial<DeliverOptions>,
): OutboxWorker {
  const pollMs = opts.pollMs ?? getEnv().OUTBOX_POLL_MS;
  const batch = opts.batch ?? 20;
  const log = opts.log ?? ((line: string) => console.error(line));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const stopping = new AbortController();

  async function pass() {
    try {
      for (let i = 0; i < 50 && !stopped; i++) {
        const r = await deliverDue({ ...opts, db: opts.db, limit: batch, signal: stopping.signal });
        if (r.failed) log(`outbox: ${r.failed} message(s) given up after repeated failures`);
        if (r.claimed < batch) break;
      }
    } catch (e) {
      log(`outbox: pass failed: ${(e as Error).message}`);
    }
  }

  function schedule() {
    if (stopped || pollMs <= 0) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, pollMs);
    timer.unref?.();
  }
  schedule();

  return {
    kick: async () => {
      await running;
      if (!stopped) {
        running = pass();
        await running;
      }
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      await running;
    },
  };
}
