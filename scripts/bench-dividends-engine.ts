/**
 * Times planDividends alone (no parsing, no I/O) for 100,000 households and prints a markdown table row.
 * Usage: tsx scripts/bench-dividends-engine.ts [households]
 */
import { parseDividendRequest, planDividends, type DividendRequest } from "../app/domain/dividends";

const count = Number(process.argv[2] ?? 100_000);

/** Deterministic pseudo-random numbers so every run times the same village. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function village(n: number, fractionalShares: boolean, inKind: boolean): DividendRequest {
  const rnd = lcg(20250101);
  const households = Array.from({ length: n }, (_, i) => ({
    id: `H${String(i + 1).padStart(6, "0")}`,
    shares: fractionalShares ? Math.round(rnd() * 50_000) / 10_000 : Math.floor(rnd() * 6),
    members: 1 + Math.floor(rnd() * 7),
    eligible: rnd() > 0.02,
  }));
  const parsed = parseDividendRequest({
    year: 2025,
    income: { distributableFen: 987_654_321_987, lossesToCoverFen: 12_345_678 },
    rule: {
      extractions: [
        { name: "公积公益金", percent: 15 },
        { name: "福利费", percent: 5.5 },
      ],
      dividendPercent: 40.1234,
      rewards: [{ householdId: households.find((h) => h.eligible)!.id, title: "模范示范家庭", amountFen: 50_000 }],
      split: [
        { basis: "shares", weight: 60 },
        { basis: "members", weight: 30 },
        { basis: "households", weight: 10 },
      ],
      inKind: inKind ? { item: "大米", unit: "kg", unitPriceFen: 600, stepUnits: 5 } : null,
    },
    households,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.request;
}

/** Median wall-clock and CPU time (ms) of one plan: CPU time stays meaningful on a busy machine. */
function median(request: DividendRequest): { wall: number; cpu: number } {
  for (let i = 0; i < 3; i++) planDividends(request); // warm-up: let the JIT settle
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 11; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    planDividends(request);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: mid(wall), cpu: mid(cpu) };
}

const cases: [string, DividendRequest][] = [
  ["whole shares, cash, 3 bases", village(count, false, false)],
  ["4-decimal shares, rice in kind, 3 bases", village(count, true, true)],
];
console.log(`| case | households | median wall (ms) | median CPU (ms) | node |`);
console.log(`|---|---:|---:|---:|---|`);
for (const [name, request] of cases) {
  const { wall, cpu } = median(request);
  console.log(`| ${name} | ${count.toLocaleString("en")} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${process.version} |`);
}
