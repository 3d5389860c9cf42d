/**
 * 成员名册 rules (农村集体经济组织法, 2025): who is a member on a date, how many a household
 * counts on a date (the 按人口 basis), who counts for the assembly (full civil capacity), and
 * which reasons may end a membership. Pure: dates are `YYYY-MM-DD` strings, "today" is passed in.
 */

export const RELATIONS = ["head", "spouse", "child", "parent", "grandchild", "other"] as const;
export type Relation = (typeof RELATIONS)[number];
export const SEXES = ["male", "female"] as const;
export type Sex = (typeof SEXES)[number];
/** 出生 / 婚姻迁入 / 收养 / 政策性移民 / 成员大会确认 / 改革时已确认 (Art. 12, Art. 66) */
export const CONFIRMATION_BASES = ["birth", "marriage", "adoption", "resettlement", "assembly", "reform"] as const;
export type ConfirmationBasis = (typeof CONFIRMATION_BASES)[number];
/** the reasons Art. 17 lets a membership end for */
export const LOSS_REASONS = ["death", "voluntary_exit", "other_collective", "nationality", "civil_servant", "other"] as const;
export type LossReason = (typeof LOSS_REASONS)[number];
export const CAPACITIES = ["by_age", "full", "limited"] as const;
export type Capacity = (typeof CAPACITIES)[number];

/**
 * What people give as a reason that the law says does not end a membership: marriage, divorce or
 * widowhood (Art. 8), study, army service, migrant work (Art. 18). Each is refused with its article.
 */
export const REFUSED_LOSS_REASONS = ["marriage", "divorce", "widowhood", "study", "army_service", "migrant_work"] as const;
export type RefusedLossReason = (typeof REFUSED_LOSS_REASONS)[number];
export const REFUSED_REASON_ARTICLE: Record<RefusedLossReason, 8 | 18> = {
  marriage: 8,
  divorce: 8,
  widowhood: 8,
  study: 18,
  army_service: 18,
  migrant_work: 18,
};

/** The words people use for a refused reason, in 其他's text too (结婚, 外嫁, 离婚, 上学, 参军, 务工 …). */
const REFUSED_WORDS: [RefusedLossReason, RegExp][] = [
  ["divorce", /离婚|离异/],
  ["widowhood", /丧偶/],
  ["marriage", /结婚|婚嫁|出嫁|外嫁|嫁出|嫁到|婚迁|入赘|marri/i],
  ["study", /上学|读书|求学|升学|就学|入学|大学|学习|study|student/i],
  ["army_service", /参军|服兵役|入伍|当兵|军人|army|military/i],
  ["migrant_work", /务工|打工|外出|经商|migrant|work/i],
];

/** The refused reason a free-text 其他 describes, if it describes one. */
export function refusedReasonIn(text: string): RefusedLossReason | null {
  for (const [reason, words] of REFUSED_WORDS) if (words.test(text)) return reason;
  return null;
}

/** The part of a person these rules read. */
export type RegisterPerson = {
  householdId: number;
  birthDate: string;
  confirmedOn: string;
  lostOn: string | null;
  civilCapacity: Capacity;
};

/** A member on `date`: confirmed on or before it, not lost on or before it (the loss date is the first day without). */
export function isMemberOn(p: Pick<RegisterPerson, "confirmedOn" | "lostOn">, date: string): boolean {
  return p.confirmedOn <= date && (p.lostOn === null || p.lostOn > date);
}

/** The register as it stood on `date`. */
export function registerOn<P extends Pick<RegisterPerson, "confirmedOn" | "lostOn">>(persons: readonly P[], date: string): P[] {
  return persons.filter((p) => isMemberOn(p, date));
}

/** Whole years of age on `date` (a person born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** Full civil capacity (完全民事行为能力) on `date`: 18 or older, unless marked otherwise. */
export function hasFullCapacityOn(p: Pick<RegisterPerson, "birthDate" | "civilCapacity">, date: string): boolean {
  if (p.civilCapacity === "full") return true;
  if (p.civilCapacity === "limited") return false;
  return ageOn(p.birthDate, date) >= 18;
}

/** Members per household on `date` (households without members are absent). */
export function countsOn(persons: readonly RegisterPerson[], date: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of persons) if (isMemberOn(p, date)) counts.set(p.householdId, (counts.get(p.householdId) ?? 0) + 1);
  return counts;
}

/** Members with full civil capacity on `date`: those the assembly counts (Art. 27). */
export function assemblyCountOn(persons: readonly RegisterPerson[], date: string): number {
  let n = 0;
  for (const p of persons) if (isMemberOn(p, date) && hasFullCapacityOn(p, date)) n++;
  return n;
}
