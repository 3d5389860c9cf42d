/**
 * Dividend plan CLI (contract: docs/dividend-contract.md).
 * stdin: a request as JSON. Valid → the plan on stdout, exit 0. Invalid → one line on stderr, exit 2.
 */
import { parseDividendRequest, planDividends } from "../app/domain/dividends";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function fail(line: string): void {
  process.stderr.write(line.replace(/\s*[\r\n]+\s*/g, " ") + "\n");
  // exitCode rather than process.exit(): lets buffered output reach a pipe before the process ends.
  process.exitCode = 2;
}

async function main(): Promise<void> {
  const raw = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch (e) {
    fail(`request is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const parsed = parseDividendRequest(input);
  if (!parsed.ok) {
    fail(parsed.error);
    return;
  }
  process.stdout.write(JSON.stringify(planDividends(parsed.request), null, 2) + "\n");
}

main().catch((e: unknown) => {
  // A bug, not a bad request: keep it apart from exit 2.
  process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`.replace(/\n(?!$)/g, " "));
  process.exitCode = 1;
});
