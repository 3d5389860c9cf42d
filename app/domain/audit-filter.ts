/**
 * The audit trail's filters (审计日志), pure: a village, a username (or its beginning), a first
 * and a last day, and the page. Days are real calendar days; a bad page reads as the first.
 */
import { z } from "zod";
import { message, said, type Message } from "~/i18n/message";
import { isoDate, optionalText, pageNumber, regionCode } from "./input";

/** above the filters when one of them is refused */
export const AUDIT_FILTER_INVALID: Message = message(
  "筛选条件有误：日期应为 YYYY-MM-DD，村代码为 12 位数字",
  "Check the filter: dates as YYYY-MM-DD, a village code of 12 digits",
);

/** GET /admin/audit */
export const auditFilterSchema = z.object({
  village: regionCode(said("村代码为12位数字", "A village code has 12 digits")).optional(),
  user: optionalText(60),
  from: isoDate().optional(),
  to: isoDate().optional(),
  page: pageNumber(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

// days are China's days (UTC+8, no summer time)
const startOfDay = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** the filters as the audit query takes them: instants, the username lower-cased */
export function auditQueryOf(filter: AuditFilter) {
  return {
    villageCode: filter.village,
    actor: filter.user?.toLowerCase(),
    from: filter.from ? startOfDay(filter.from) : undefined,
    to: filter.to ? new Date(startOfDay(filter.to).getTime() + 24 * 60 * 60_000) : undefined,
  };
}
