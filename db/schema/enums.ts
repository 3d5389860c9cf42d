import { pgEnum } from "drizzle-orm/pg-core";

/** 行政区划级别 */
export const regionLevel = pgEnum("region_level", ["province", "city", "county", "town", "village"]);

/** 组织方式中的角色：党支部 / 合作社 / 企业 / 大户 / 基地 / 农户 */
export const partnerRole = pgEnum("partner_role", ["party_branch", "cooperative", "enterprise", "large_grower", "base", "household"]);

/** 现金股 / 成员股 / 土地股 / 集体股 */
export const shareClassKind = pgEnum("share_class_kind", ["cash", "member", "land", "collective"]);

/** 股权台账变动：认购 / 增持 / 转让（转出、转入两行）/ 退股 */
export const shareEntryType = pgEnum("share_entry_type", ["subscribe", "increase", "transfer_out", "transfer_in", "redeem"]);

/** 草稿 → 已提交 → 已审核（锁定）或 退回 */
export const incomeYearStatus = pgEnum("income_year_status", ["draft", "submitted", "approved", "returned"]);

export const incomeLineDirection = pgEnum("income_line_direction", ["income", "expense"]);

/**
 * Income kinds: operating (经营收入), contracting (发包及上交收入), investment (投资收益),
 * subsidy (补助收入 — excluded from distribution), other (其他收入).
 * Expense kinds: operating_cost (经营支出), management (管理费用), other_expense (其他支出).
 */
export const incomeLineKind = pgEnum("income_line_kind", [
  "operating",
  "contracting",
  "investment",
  "subsidy",
  "other",
  "operating_cost",
  "management",
  "other_expense",
]);

/** 草稿 → 公示中 → 已审核 → 已发放；被冲销 */
export const runStatus = pgEnum("distribution_run_status", ["draft", "notice", "approved", "handed_out", "reversed"]);
export const runKind = pgEnum("distribution_run_kind", ["regular", "reversal"]);
export const handoutStatus = pgEnum("handout_status", ["pending", "paid", "collected"]);

export const role = pgEnum("role", ["admin", "bureau", "town", "secretary", "member"]);
