/**
 * Every action code and entity the app writes to the audit trail has a readable label in both
 * languages. The codes are read from the source — every writeAudit(…, { action, entity }) call
 * under app/, db/ and scripts/ — so a new code without a label fails here.
 */
import { describe, expect, it } from "vitest";
import { readCallSites } from "../../tests/audit-call-sites";
import { auditActionLabel, auditEntityLabel, hasAuditActionLabel, hasAuditEntityLabel } from "./audit-labels";
import { allMessageKeys, translate, translator } from "./index";

describe("audit trail labels", () => {
  const found = readCallSites();

  it("reads every writeAudit call site", () => {
    expect(found.calls).toBeGreaterThan(30);
    expect(found.unreadable).toEqual([]);
    expect(found.actions).toContain("income_year.approve");
  });

  it("has a label for every action code and entity, in Chinese and in English", () => {
    expect([...found.actions].filter((a) => !hasAuditActionLabel(a))).toEqual([]);
    expect([...found.entities].filter((e) => !hasAuditEntityLabel(e))).toEqual([]);
    for (const lang of ["zh-CN", "en"] as const) {
      const t = translator(lang);
      for (const a of found.actions) expect(auditActionLabel(t, a).label, `${lang} ${a}`).not.toBe(a);
      for (const e of found.entities) expect(auditEntityLabel(t, e), `${lang} ${e}`).not.toBe(e);
    }
    expect(translate("zh-CN", "audit.action.income_year.approve")).toBe("审核通过年度收益");
  });

  it("has no label left for a code nothing writes any more", () => {
    const written = new Set([
      ...[...found.actions].map((a) => `audit.action.${a}`),
      ...[...found.entities].map((e) => `audit.entity.${e}`),
      "audit.action.unknown",
    ]);
    const labels = allMessageKeys().filter((k) => /^audit\.(action|entity)\./.test(k));
    expect(labels.filter((k) => !written.has(k))).toEqual([]);
  });

  it("falls back to something readable for an unknown code", () => {
    expect(auditActionLabel(translator("zh-CN"), "household.merge")).toEqual({ label: "农户（merge）", known: false });
    expect(auditActionLabel(translator("en"), "household.merge")).toEqual({ label: "Household (merge)", known: false });
    expect(auditActionLabel(translator("en"), "mystery")).toEqual({ label: "mystery", known: false });
    expect(auditEntityLabel(translator("en"), "mystery")).toBe("mystery");
  });
});
