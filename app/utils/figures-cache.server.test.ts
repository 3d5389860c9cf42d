import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDatabase, type Database } from "@db/client.server";
import { resetEnvForTests } from "./env.server";
import { cachedFigures, clearFiguresCache, figuresVersion, noteFiguresVersion } from "./figures-cache.server";
import { countQueries } from "../../tests/query-count";

let database: Database;
beforeAll(async () => {
  database = await getDatabase();
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.FIGURES_CACHE_SECONDS;
  resetEnvForTests();
  clearFiguresCache();
});

/** a computation that counts its runs and answers "run n" */
function counter() {
  let runs = 0;
  const compute = vi.fn(async () => `run ${++runs}`);
  return compute;
}

describe("the figures cache", () => {
  it("serves a stale entry while one recomputation runs behind it, then the fresh one", async () => {
    process.env.FIGURES_CACHE_SECONDS = "60";
    resetEnvForTests();
    const compute = counter();
    let clock = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => clock);

    await expect(cachedFigures(database.db, "k", compute)).resolves.toBe("run 1");
    clock += 30_000;
    await expect(cachedFigures(database.db, "k", compute)).resolves.toBe("run 1");
    expect(compute).toHaveBeenCalledTimes(1);

    // past the expiry: the readers still get run 1 at once while run 2 is slow, and only one
    // refresh starts
    clock += 31_000;
    let finish: (v: string) => void = () => {};
    const slow = vi.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const [a, b] = await Promise.all([cachedFigures(database.db, "k", slow), cachedFigures(database.db, "k", slow)]);
    expect([a, b]).toEqual(["run 1", "run 1"]);
    expect(slow).toHaveBeenCalledTimes(1);
    finish("run 2");
    await vi.waitFor(() => expect(cachedFigures(database.db, "k", slow)).resolves.toBe("run 2"));
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it("never serves figures from before the data changed", async () => {
    process.env.FIGURES_CACHE_SECONDS = "60";
    resetEnvForTests();
    const compute = counter();
    await expect(cachedFigures(database.db, "k", compute)).resolves.toBe("run 1");
    await database.db.execute(sql`SELECT nextval('figures_version')`);
    await expect(cachedFigures(database.db, "k", compute)).resolves.toBe("run 2");
  });

  it("takes a GET's version from its session lookup (no query of its own), never a POST's", async () => {
    process.env.FIGURES_CACHE_SECONDS = "60";
    resetEnvForTests();
    const compute = counter();
    const version = await figuresVersion(database.db);
    await cachedFigures(database.db, "k", compute);
    const get = new Request("http://localhost/villages/x");
    noteFiguresVersion(get, version);
    const served = await countQueries(database, () => cachedFigures(database.db, "k", compute, get));
    expect(served).toMatchObject({ result: "run 1", count: 0 });

    // a document POST: its action may move the version before the loaders run on the same Request
    const post = new Request("http://localhost/villages/x", { method: "POST" });
    noteFiguresVersion(post, version);
    await database.db.execute(sql`SELECT nextval('figures_version')`);
    const afterChange = await countQueries(database, () => cachedFigures(database.db, "k", compute, post));
    expect(afterChange).toMatchObject({ result: "run 2", count: 1 });
  });

  it("computes every time when FIGURES_CACHE_SECONDS=0", async () => {
    process.env.FIGURES_CACHE_SECONDS = "0";
    resetEnvForTests();
    const compute = counter();
    await cachedFigures(database.db, "k", compute);
    await expect(cachedFigures(database.db, "k", compute)).resolves.toBe("run 2");
  });

  it("forgets a computation that failed, so the next reader tries again", async () => {
    process.env.FIGURES_CACHE_SECONDS = "60";
    resetEnvForTests();
    await expect(cachedFigures(database.db, "k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(cachedFigures(database.db, "k", async () => "ok")).resolves.toBe("ok");
  });
});
