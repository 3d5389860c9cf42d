/**
 * The audit trail's action codes and entities as the source writes them: every writeAudit(…,
 * { action, entity }) call under app/, db/ and scripts/ (tests excluded), read with TypeScript's
 * parser. Used by the labels' test (app/i18n) and the audit-trail test (tests/).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Transition } from "~/domain/income-workflow";
import type { Movement } from "~/domain/shares";

const ROOT = path.resolve(import.meta.dirname, "..");

// codes built from a template: what the placeholder can be (the Records make tsc list every member)
const INCOME_TRANSITIONS: Record<Exclude<Transition, "save">, true> = { submit: true, approve: true, return: true, unlock: true };
const MOVEMENTS: Record<Movement["type"], true> = { subscribe: true, increase: true, redeem: true, transfer: true };
const TEMPLATES: Record<string, string[]> = {
  "income_year.${transition}": Object.keys(INCOME_TRANSITIONS).map((x) => `income_year.${x}`),
  "share_ledger.${movement.type}": Object.keys(MOVEMENTS).map((x) => `share_ledger.${x}`),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "e2e" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

export type Found = { actions: Set<string>; entities: Set<string>; unreadable: string[]; calls: number };

/** the string values an expression can take: literals, both branches of ?:, known templates */
function valuesOf(expr: ts.Expression, where: string, found: Found): string[] {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isParenthesizedExpression(expr)) return valuesOf(expr.expression, where, found);
  if (ts.isConditionalExpression(expr)) return [...valuesOf(expr.whenTrue, where, found), ...valuesOf(expr.whenFalse, where, found)];
  if (ts.isTemplateExpression(expr)) {
    const text = expr.getText().slice(1, -1);
    if (TEMPLATES[text]) return TEMPLATES[text];
    found.unreadable.push(`${where}: \`${text}\` (add its values to TEMPLATES in this test)`);
    return [];
  }
  found.unreadable.push(`${where}: ${expr.getText()} (write the code as a literal, a ?: of literals or a known template)`);
  return [];
}

export function readCallSites(): Found {
  const found: Found = { actions: new Set(), entities: new Set(), unreadable: [], calls: 0 };
  const files = ["app", "db", "scripts"].flatMap((d) => sourceFiles(path.join(ROOT, d)));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("writeAudit(")) continue;
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "writeAudit") {
        found.calls++;
        const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
        const entry = node.arguments[1];
        if (!entry || !ts.isObjectLiteralExpression(entry)) {
          found.unreadable.push(`${where}: the entry is not an object literal`);
        } else {
          for (const prop of entry.properties) {
            if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.name)) continue;
            if (prop.name.text === "action") valuesOf(prop.initializer, where, found).forEach((v) => found.actions.add(v));
            if (prop.name.text === "entity") valuesOf(prop.initializer, where, found).forEach((v) => found.entities.add(v));
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
