import { allMessageKeys, type MessageKey, type Translate } from "./index";

/**
 * The audit trail's codes made readable. Each action code written by writeAudit
 * (`income_year.approve`) has a message `audit.action.<code>`, each entity (`income_year`) one
 * `audit.entity.<entity>` (app/i18n/areas/ui.ts); audit-labels.test.ts reads the call sites and
 * fails when a code has none. An unknown code still shows something readable.
 */
const KEYS = new Set<string>(allMessageKeys());

export function hasAuditActionLabel(code: string): boolean {
  return KEYS.has(`audit.action.${code}`);
}

export function hasAuditEntityLabel(entity: string): boolean {
  return KEYS.has(`audit.entity.${entity}`);
}

/** the record type's name, or the raw name when it has no message */
export function auditEntityLabel(t: Translate, entity: string): string {
  return hasAuditEntityLabel(entity) ? t(`audit.entity.${entity}` as MessageKey) : entity;
}

/** `{ label, known }`: known is false for a code the catalogue lacks (shown as its entity and verb, or raw) */
export function auditActionLabel(t: Translate, code: string): { label: string; known: boolean } {
  if (hasAuditActionLabel(code)) return { label: t(`audit.action.${code}` as MessageKey), known: true };
  const dot = code.indexOf(".");
  const entity = dot > 0 ? code.slice(0, dot) : "";
  if (entity && hasAuditEntityLabel(entity)) {
    return { label: t("audit.action.unknown", { entity: auditEntityLabel(t, entity), verb: code.slice(dot + 1) }), known: false };
  }
  return { label: code, known: false };
}
