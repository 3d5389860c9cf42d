/**
 * No Chinese typed straight into the pages: every .tsx under app/ (the catalogue in app/i18n/
 * aside) is parsed, and any CJK text in JSX — text between tags, a string attribute, or a string
 * written directly inside a {…} in JSX (including the branches of a ?: or an ||) — fails the test
 * unless it is in ALLOWED below. Strings handed to functions (t(), pick({ zh, en })) are not JSX
 * text and are not looked at. Full-width punctuation （）：；， counts: it leaks into the English UI.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "..");
/** Han ideographs, CJK symbols and punctuation (、。《》「」), full-width forms （）：；，！？ */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Allowed findings, by file (under app/) and exact text; each needs a reason in a comment. A leak is
 * fixed with the catalogue instead: t("punct.colon"), t("punct.paren", { text }), t("punct.comma"),
 * t("punct.listSep"), t("punct.enumSep"), t("punct.period"), t("punct.gap") in app/i18n/areas/ui.ts.
 */
const ALLOWED: Record<string, string[]> = {
  // (nothing is deliberate yet: a bilingual string belongs in the catalogue or in a pick({ zh, en });
  // the printed notice and signature sheets space their figures with t("punct.gap"))
};
/** "file:line: text" → allowed? */
const allowed = (finding: string) => {
  const [, file, text] = /^(.*?):\d+: (.*)$/s.exec(finding)!;
  return ALLOWED[file]?.includes(text) ?? false;
};

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(APP, "i18n") ? [] : tsxFiles(p);
    return e.name.endsWith(".tsx") && !e.name.includes(".test.") ? [p] : [];
  });
}

/** a literal written as JSX content: not inside a call, an object or anything else in the {…} */
function inJsxPosition(node: ts.Node): boolean {
  let n = node.parent;
  while (n) {
    if (ts.isJsxExpression(n) || ts.isJsxAttribute(n)) return true;
    if (ts.isConditionalExpression(n) || ts.isParenthesizedExpression(n) || ts.isTemplateSpan(n) || ts.isTemplateExpression(n)) {
      n = n.parent;
      continue;
    }
    if (
      ts.isBinaryExpression(n) &&
      [
        ts.SyntaxKind.BarBarToken,
        ts.SyntaxKind.QuestionQuestionToken,
        ts.SyntaxKind.AmpersandAmpersandToken,
        ts.SyntaxKind.PlusToken,
      ].includes(n.operatorToken.kind)
    ) {
      n = n.parent;
      continue;
    }
    return false;
  }
  return false;
}

/** the CJK texts in JSX of one file, as "file:line: text" (an ideographic space written \u3000) */
function findingsIn(rel: string, code: string): string[] {
  const source = ts.createSourceFile(rel, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    if (ts.isJsxText(node)) text = node.text.trim();
    else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && inJsxPosition(node)) text = node.text;
    else if ((ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && inJsxPosition(node.parent))
      text = node.text;
    if (text && CJK.test(text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      out.push(`${rel}:${line + 1}: ${text.replace(/\u3000/g, "\\u3000")}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const findings = (file: string) => findingsIn(path.relative(APP, file).split(path.sep).join("/"), readFileSync(file, "utf8"));

describe("Chinese in JSX", () => {
  const all = tsxFiles(APP).flatMap(findings);

  it("every CJK string in a page or component comes from the catalogue (or is allowed, with a reason)", () => {
    expect(all.filter((f) => !allowed(f))).toEqual([]);
  });

  it("keeps the allow-list honest: every entry still matches something", () => {
    const seen = new Set(all.map((f) => f.replace(/:\d+: /, ": ")));
    const stale = Object.entries(ALLOWED)
      .flatMap(([file, texts]) => texts.map((text) => `${file}: ${text}`))
      .filter((entry) => !seen.has(entry));
    expect(stale).toEqual([]);
  });

  it("finds Chinese text, attributes and strings written inside {…}, not strings handed to functions", () => {
    const code = `const a = <p title="亩" data-x={ok ? "（" : t("中")}>村{pick(lang, { zh: "中文", en: "x" })}{\`\${n}：\`}{"a" + "，"}</p>;`;
    expect(findingsIn("probe.tsx", code).map((f) => f.replace(/^probe\.tsx:1: /, ""))).toEqual(["亩", "（", "村", "：", "，"]);
  });
});
