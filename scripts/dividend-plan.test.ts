import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
// The contract's worked examples (docs/dividend-contract.md), kept in the repository.
const SCENARIOS = path.resolve(ROOT, "tests/fixtures/dividend-scenarios");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way `npm run --silent dividend-plan < request.json` does. */
function runCli(stdin: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["scripts/dividend-plan.ts"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function expectRejected(run: Run): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^[^\n]+\n$/); // exactly one line
}

describe.concurrent("scripts/dividend-plan.ts", { timeout: 60_000 }, () => {
  const files = readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".request.json"))
    .sort();

  it("finds the scenarios", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    const name = file.replace(/\.request\.json$/, "");
    it(name, async () => {
      const expected = JSON.parse(readFileSync(path.join(SCENARIOS, `${name}.expected.json`), "utf8")) as
        { exit: 0; plan: unknown } | { exit: 2; error: string };
      const run = await runCli(readFileSync(path.join(SCENARIOS, file), "utf8"));
      if (expected.exit === 0) {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toStrictEqual(expected.plan);
        expect(run.stdout).toBe(`${JSON.stringify(expected.plan, null, 2)}\n`); // 2-space JSON, nothing else
      } else {
        expectRejected(run);
      }
    });
  }

  it("rejects text that is not JSON", async () => {
    const run = await runCli("{ not json");
    expectRejected(run);
    expect(run.stderr).toMatch(/^request is not valid JSON/);
  });

  it("rejects empty input", async () => {
    expectRejected(await runCli(""));
  });

  it("rejects JSON that is not a request, naming the field", async () => {
    const run = await runCli(JSON.stringify({ income: { distributableFen: 1 }, rule: { dividendPercent: 10 }, households: [] }));
    expectRejected(run);
    expect(run.stderr).toBe("rule.split: is required\n");
  });

  it("keeps a multi-line message on one line", async () => {
    // a household id with a newline in it ends up inside the message
    const run = await runCli(
      JSON.stringify({
        income: { distributableFen: 1 },
        rule: { dividendPercent: 10, split: [{ basis: "households", weight: 100 }], rewards: [{ householdId: "A\nB", amountFen: 1 }] },
        households: [],
      }),
    );
    expectRejected(run);
  });
});
