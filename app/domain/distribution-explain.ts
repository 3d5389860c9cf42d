/**
 * A plan explained: line by line for the secretary and the notice (base, extractions, retained,
 * pool, rewards, split, per basis, in kind, leftover), and in one plain sentence for a member
 * ("2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；…"). Pure: it works
 * from the engine request kept with a run and the plan computed from it.
 */
import { formatWanTrim, formatYuan } from "./money";
import type { Basis, BasisBreakdown, DividendPlan, DividendRequest, InKind, SplitPart } from "./dividends";
import type { Message } from "~/i18n/message";

export type ExplainLine = {
  key: string;
  label: Message;
  /** signed: a deduction is negative; null for a line without an amount */
  amountFen: number | null;
  note: Message | null;
};

/** Who made the rule in force: the county (按县规定) or the village itself (按村规定). */
export type RuleOwner = "county" | "village";

const BASIS: Record<Basis, Message & { unitZh: string; unitEn: string }> = {
  households: { zh: "按户", en: "per household", unitZh: "户", unitEn: "household" },
  shares: { zh: "按股", en: "per share", unitZh: "股", unitEn: "share" },
  members: { zh: "按人口", en: "per person", unitZh: "人", unitEn: "person" },
};

const UNIT_ZH: Record<string, string> = { kg: "公斤", g: "克", l: "升", L: "升", pcs: "件" };
/** "kg" reads 公斤 in Chinese text; units already in Chinese stay as they are. */
export function unitZh(unit: string): string {
  return UNIT_ZH[unit] ?? unit;
}

/** 100000 → "1,000", 12345 → "123.45": yuan for running text, no trailing .00. */
export function yuanShort(fen: number | bigint): string {
  return formatYuan(fen).replace(/ 元$/, "").replace(/\.00$/, "");
}

const fmtQty = (q: number) => String(Math.round(q * 10_000) / 10_000);
const approxPer = (partFen: number, quantity: number) => (quantity > 0 ? yuanShort(Math.floor(partFen / quantity)) : "0");

function rewardGroups(request: DividendRequest) {
  const groups: { title: string; amountFen: number; count: number }[] = [];
  for (const w of request.rule.rewards) {
    const title = w.title ?? "";
    const g = groups.find((x) => x.title === title && x.amountFen === w.amountFen);
    if (g) g.count += 1;
    else groups.push({ title, amountFen: w.amountFen, count: 1 });
  }
  return groups;
}

function eligibleQuantity(request: DividendRequest, basis: Basis): number {
  let q = 0;
  for (const h of request.households) {
    if (!h.eligible) continue;
    q += basis === "households" ? 1 : basis === "shares" ? h.shares : h.members;
  }
  return q;
}

/** The smallest and largest share part (and goods) among eligible households; null when none is eligible. */
export function eligibleRange(request: DividendRequest, plan: DividendPlan) {
  let r: { minShareFen: number; maxShareFen: number; minUnits: number; maxUnits: number } | null = null;
  plan.allocations.forEach((a, i) => {
    if (!request.households[i]!.eligible) return;
    if (!r) r = { minShareFen: a.shareFen, maxShareFen: a.shareFen, minUnits: a.inKindUnits, maxUnits: a.inKindUnits };
    else {
      r.minShareFen = Math.min(r.minShareFen, a.shareFen);
      r.maxShareFen = Math.max(r.maxShareFen, a.shareFen);
      r.minUnits = Math.min(r.minUnits, a.inKindUnits);
      r.maxUnits = Math.max(r.maxUnits, a.inKindUnits);
    }
  });
  return r as { minShareFen: number; maxShareFen: number; minUnits: number; maxUnits: number } | null;
}

/** What every eligible household got when it is the same for all: goods in units, or cash in fen. */
function sameForAll(request: DividendRequest, plan: DividendPlan): number | null {
  const r = eligibleRange(request, plan);
  if (!r) return null;
  if (request.rule.inKind) return r.minUnits === r.maxUnits ? r.minUnits : null;
  return r.minShareFen === r.maxShareFen ? r.minShareFen : null;
}

/** The plan line by line, in the order the money flows. */
export function explainPlan(request: DividendRequest, plan: DividendPlan, bases: BasisBreakdown[]): ExplainLine[] {
  const { income, rule } = request;
  const lines: ExplainLine[] = [];
  const line = (key: string, zh: string, en: string, amountFen: number | null, note?: Message) =>
    lines.push({ key, label: { zh, en }, amountFen, note: note ?? null });

  line("distributable", "可分配收益", "Distributable income", income.distributableFen);
  if (income.lossesToCoverFen > 0) line("losses", "弥补以前年度亏损", "Earlier losses made up", -income.lossesToCoverFen);
  line("base", "分配基数", "Base", plan.baseFen, {
    zh: "可分配收益减弥补亏损（不小于0）",
    en: "Distributable income less losses made up (not below 0)",
  });
  plan.extractions.forEach((e, i) => {
    const p = rule.extractions[i]!.percent;
    line(`extraction-${i}`, `提取${e.name}（${p}%）`, `${e.name} (${p}%)`, -e.amountFen);
  });
  line("pool", `分红总额（${rule.dividendPercent}%）`, `Dividend pool (${rule.dividendPercent}%)`, plan.dividendPoolFen, {
    zh: `分配基数 × ${rule.dividendPercent}%，不足1分的舍去`,
    en: `Base × ${rule.dividendPercent}%, rounded down to the fen`,
  });
  line("retained", "留存集体发展", "Retained by the collective", plan.retainedFen, {
    zh: "分配基数减各项提取和分红总额",
    en: "Base less extractions and the dividend pool",
  });
  rewardGroups(request).forEach((g, i) =>
    line(`reward-${i}`, `表彰：${g.title}`, `Reward: ${g.title}`, -g.amountFen * g.count, {
      zh: `${g.count}户 × ${yuanShort(g.amountFen)}元`,
      en: `${g.count} household(s) × ${yuanShort(g.amountFen)} yuan`,
    }),
  );
  line("split", "按规则分配部分", "Shared out by the rule", plan.splitPoolFen, {
    zh: "分红总额减表彰奖励",
    en: "Dividend pool less rewards",
  });
  for (const b of bases) {
    const w = BASIS[b.basis];
    const q = eligibleQuantity(request, b.basis);
    line(
      `basis-${b.basis}`,
      `${w.zh}（${b.weight}%）`,
      `${w.en} (${b.weight}%)`,
      b.partFen,
      b.toLeftover
        ? { zh: `无符合条件的${w.unitZh}，转入结余`, en: `No eligible ${w.unitEn}: carried to the leftover` }
        : {
            zh: `共${fmtQty(q)}${w.unitZh}，每${w.unitZh}约${approxPer(b.partFen, q)}元；余数按最大余额法到分`,
            en: `${fmtQty(q)} ${w.unitEn}(s), about ${approxPer(b.partFen, q)} yuan per ${w.unitEn}; remainders by largest remainder to the fen`,
          },
    );
  }
  if (rule.inKind) {
    const k = rule.inKind;
    const units = plan.allocations.reduce((s, a) => s + a.inKindUnits, 0);
    const value = plan.allocations.reduce((s, a) => s + a.inKindValueFen, 0);
    const uniform = sameForAll(request, plan);
    line("in-kind", `折实物：${k.item}`, `In kind: ${k.item}`, value, {
      zh: `${yuanShort(k.unitPriceFen)}元/${unitZh(k.unit)}，每${k.stepUnits}${unitZh(k.unit)}一份；共${units}${unitZh(k.unit)}${uniform !== null ? `，每户${uniform}${unitZh(k.unit)}` : ""}`,
      en: `${yuanShort(k.unitPriceFen)} yuan/${k.unit}, in steps of ${k.stepUnits} ${k.unit}; ${units} ${k.unit} in all${uniform !== null ? `, ${uniform} ${k.unit} per household` : ""}`,
    });
  }
  line("leftover", "结余（结转下年）", "Leftover (carried to next year)", plan.leftoverFen, {
    zh: rule.inKind ? "不足一份实物的零头与无人可分的部分" : "无人可分的部分",
    en: rule.inKind ? "Fen short of a whole step of goods, and parts no one could receive" : "Parts no one could receive",
  });
  return lines;
}

function basisWords(split: readonly SplitPart[], lang: "zh" | "en"): string {
  if (split.length === 1) return BASIS[split[0]!.basis][lang];
  return split
    .map((s) => (lang === "zh" ? `${BASIS[s.basis].zh}${s.weight}%` : `${s.weight}% ${BASIS[s.basis].en}`))
    .join(lang === "zh" ? "、" : " and ");
}

/**
 * What the plan's sentence reads of a plan, small enough to keep: an approved plan never changes,
 * so its summary can stand in for the engine's request and plan (hundreds of households) when a
 * page says the sentence again (a member's page with many years).
 */
export type PlanSummary = {
  year: number | null;
  distributableFen: number;
  lossesToCoverFen: number;
  dividendPercent: number;
  extractions: { name: string; percent: number }[];
  split: SplitPart[];
  inKind: InKind | null;
  rewardTitles: string[];
  dividendPoolFen: number;
  rewardsFen: number;
  /** what every eligible household got when it is the same for all (units of goods, or fen) */
  uniform: number | null;
  range: ReturnType<typeof eligibleRange>;
};

export function planSummary(request: DividendRequest, plan: DividendPlan): PlanSummary {
  const { income, rule } = request;
  return {
    year: request.year ?? null,
    distributableFen: income.distributableFen,
    lossesToCoverFen: income.lossesToCoverFen,
    dividendPercent: rule.dividendPercent,
    extractions: rule.extractions.map((e) => ({ name: e.name, percent: e.percent })),
    split: rule.split.map((x) => ({ basis: x.basis, weight: x.weight })),
    inKind: rule.inKind,
    rewardTitles: [...new Set(rewardGroups(request).map((g) => g.title))],
    dividendPoolFen: plan.dividendPoolFen,
    rewardsFen: plan.rewardsFen,
    uniform: sameForAll(request, plan),
    range: eligibleRange(request, plan),
  };
}

/** one household's own part, as the plan (or its allocation row) gives it */
export type OwnPart = { eligible: boolean; shareFen: number; inKindUnits: number };

/**
 * The plan in one sentence. With `householdCode`, a plan whose households did not all get the
 * same says what this household got ("本户…") instead of "每户…".
 */
export function plainWords({
  lang,
  request,
  plan,
  owner,
  householdCode,
}: {
  lang: "zh-CN" | "en";
  request: DividendRequest;
  plan: DividendPlan;
  owner: RuleOwner;
  householdCode?: string;
}): string {
  const index = householdCode ? request.households.findIndex((h) => h.id === householdCode) : -1;
  const own = index >= 0 ? { ...plan.allocations[index]!, eligible: request.households[index]!.eligible } : null;
  return summaryWords({ lang, summary: planSummary(request, plan), owner, own });
}

/**
 * plainWords from a plan's summary and the household's own part. `partSaidAfter`: the page says
 * the household's part in its own words next (memberPartWords), so the plan's sentence keeps to
 * what every household got, or its range, and does not say it twice.
 */
export function summaryWords({
  lang,
  summary: s,
  owner,
  own,
  partSaidAfter = false,
}: {
  lang: "zh-CN" | "en";
  summary: PlanSummary;
  owner: RuleOwner;
  own: OwnPart | null;
  partSaidAfter?: boolean;
}): string {
  const ownEach = partSaidAfter ? null : own;
  const year = s.year ?? "";
  const { uniform, range } = s;
  const titles = s.rewardTitles;
  const k = s.inKind;

  if (lang === "zh-CN") {
    const parts: string[] = [];
    let first = `${year}年村集体可分配收益${formatWanTrim(s.distributableFen)}`;
    if (s.lossesToCoverFen > 0) first += `，弥补亏损${formatWanTrim(s.lossesToCoverFen)}后`;
    first += `，按${owner === "county" ? "县" : "村"}规定提取${s.dividendPercent}%即${formatWanTrim(s.dividendPoolFen)}用于分红`;
    if (s.extractions.length) first += `（另提取${s.extractions.map((e) => `${e.name}${e.percent}%`).join("、")}）`;
    parts.push(first);
    if (s.rewardsFen > 0) parts.push(`表彰${titles.join("、")}${yuanShort(s.rewardsFen)}元`);
    const how = `其余${basisWords(s.split, "zh")}${k ? `购买${k.item}` : "分配现金"}`;
    let each = "";
    if (uniform !== null) each = k ? `每户${uniform}${unitZh(k.unit)}` : `每户${yuanShort(uniform)}元`;
    else if (ownEach?.eligible) each = k ? `本户${ownEach.inKindUnits}${unitZh(k.unit)}` : `本户${yuanShort(ownEach.shareFen)}元`;
    else if (range)
      each = k
        ? `每户${range.minUnits}至${range.maxUnits}${unitZh(k.unit)}`
        : `每户${yuanShort(range.minShareFen)}至${yuanShort(range.maxShareFen)}元`;
    parts.push(each ? `${how}，${each}` : how);
    let text = parts.join("；") + "。";
    if (own && !own.eligible) text += "本户在股权登记日不在册，未参与本次分配。";
    return text;
  }

  const parts: string[] = [];
  let first = `In ${year} the collective's distributable income was ${yuanShort(s.distributableFen)} yuan`;
  if (s.lossesToCoverFen > 0) first += `; after making up ${yuanShort(s.lossesToCoverFen)} yuan of losses`;
  first += `; under the ${owner === "county" ? "county's" : "village's"} rule ${s.dividendPercent}% of it, ${yuanShort(s.dividendPoolFen)} yuan, went to dividends`;
  if (s.extractions.length) first += ` (besides ${s.extractions.map((e) => `${e.percent}% to ${e.name}`).join(" and ")})`;
  parts.push(first);
  if (s.rewardsFen > 0) parts.push(`${yuanShort(s.rewardsFen)} yuan rewarded ${titles.join(" and ")}`);
  const how = `the rest was shared ${basisWords(s.split, "en")}${k ? ` as ${k.item}` : " in cash"}`;
  let each = "";
  if (uniform !== null) each = k ? `${uniform} ${k.unit} for every household` : `${yuanShort(uniform)} yuan for every household`;
  else if (ownEach?.eligible)
    each = k ? `${ownEach.inKindUnits} ${k.unit} for this household` : `${yuanShort(ownEach.shareFen)} yuan for this household`;
  else if (range)
    each = k
      ? `${range.minUnits} to ${range.maxUnits} ${k.unit} per household`
      : `${yuanShort(range.minShareFen)} to ${yuanShort(range.maxShareFen)} yuan per household`;
  parts.push(each ? `${how}: ${each}` : how);
  let text = parts.join("; ") + ".";
  if (own && !own.eligible) text += " This household was not on the register on the record date and took no part.";
  return text;
}

/** One household's part of a run as its allocation row holds it, with the run's state and hand-out place. */
export type MemberPartInput = {
  kind: "regular" | "reversal";
  status: "draft" | "notice" | "approved" | "handed_out" | "reversed";
  eligible: boolean;
  rewardFen: bigint;
  shareFen: bigint;
  cashFen: bigint;
  inKindUnits: bigint;
  inKindValueFen: bigint;
  /** the plan's goods: what a step holds and costs */
  inKind: { item: string; unit: string; unitPriceFen: number; stepUnits: number } | null;
  handout: "pending" | "paid" | "collected";
  handedOutOn: string | null;
  /** where and when the secretary said the goods and cash are handed out */
  handoutPlace: string | null;
  handoutOn: string | null;
};

/**
 * Where a household's part stands: on notice (not yet to collect), to collect (with the place
 * and date when set), collected or paid on a date, nothing to collect, or the run reversed.
 */
export type HandoutState =
  | { state: "notice" }
  | { state: "to_collect"; place: string | null; on: string | null }
  | { state: "collected" | "paid"; on: string | null }
  | { state: "nothing" | "reversed" | "reversal" | "left_out" };

export type MemberPart = {
  cashFen: bigint;
  rewardFen: bigint;
  goods: { item: string; units: bigint; unit: string; valueFen: bigint; stepUnits: number } | null;
  /**
   * The fen of the household's share that bought no whole step of goods: paid in cash with the
   * reward when the plan's cash says so, else kept by the collective and carried to next year
   * (docs/dividend-contract.md, "Paying out").
   */
  remainder: { fen: bigint; paid: "cash" | "carried" } | null;
  handout: HandoutState;
};

function handoutState(p: MemberPartInput, something: boolean): HandoutState {
  if (p.kind === "reversal") return { state: "reversal" };
  if (p.status === "reversed") return { state: "reversed" };
  if (!p.eligible) return { state: "left_out" };
  if (!something) return { state: "nothing" };
  if (p.status === "draft" || p.status === "notice") return { state: "notice" };
  if (p.handout === "pending") return { state: "to_collect", place: p.handoutPlace, on: p.handoutOn };
  return { state: p.handout, on: p.handedOutOn };
}

/** A household's part: cash, goods with their unit, the remainder and how it went, the hand-out. */
export function memberPart(p: MemberPartInput): MemberPart {
  const k = p.inKind;
  let remainder: MemberPart["remainder"] = null;
  if (k) {
    const fen = p.shareFen - p.inKindValueFen;
    // the engine pays a household's cash as its reward alone; more cash than that is the remainder paid out
    if (fen > 0n) remainder = { fen, paid: p.cashFen - p.rewardFen >= fen ? "cash" : "carried" };
  }
  const goods =
    k && p.inKindUnits !== 0n
      ? { item: k.item, units: p.inKindUnits, unit: k.unit, valueFen: p.inKindValueFen, stepUnits: k.stepUnits }
      : null;
  const something = p.cashFen !== 0n || p.inKindUnits !== 0n;
  return { cashFen: p.cashFen, rewardFen: p.rewardFen, goods, remainder, handout: handoutState(p, something) };
}

/** "请于 2026-01-20 到 岗上组广场 领取" — the to-collect line, or what is known of it. */
export function collectWords(h: HandoutState, lang: "zh-CN" | "en"): string {
  const zh = lang === "zh-CN";
  switch (h.state) {
    case "notice":
      return zh ? "方案公示中，审核确认后发放。" : "The plan is on public notice; it is handed out after approval.";
    case "to_collect":
      if (h.place && h.on) return zh ? `待领取：请于 ${h.on} 到 ${h.place} 领取。` : `To collect: on ${h.on} at ${h.place}.`;
      if (h.place) return zh ? `待领取：请到 ${h.place} 领取，日期另行通知。` : `To collect at ${h.place}; the date will be announced.`;
      if (h.on) return zh ? `待领取：请于 ${h.on} 领取，地点另行通知。` : `To collect on ${h.on}; the place will be announced.`;
      return zh ? "待领取：发放的时间和地点由村里通知。" : "To collect: the village will announce when and where.";
    case "collected":
      return zh ? `已于 ${h.on ?? "—"} 领取。` : `Collected on ${h.on ?? "—"}.`;
    case "paid":
      return zh ? `已于 ${h.on ?? "—"} 发放。` : `Paid on ${h.on ?? "—"}.`;
    case "nothing":
      return zh ? "本户本次没有可领取的分红。" : "Nothing to collect this time.";
    case "reversed":
      return zh ? "该方案已冲销更正，以更正后的方案为准。" : "This plan was reversed and corrected; the corrected plan applies.";
    case "reversal":
      return zh ? "这是冲销记录：原方案的金额在此全部冲回。" : "A reversal record: the earlier plan's amounts taken back in full.";
    case "left_out":
      return "";
  }
}

/**
 * What the household gets, in one or two sentences after the plan's: "本户分得大米 15 公斤（折 90
 * 元）；不足一份的 3.5 元计入集体结余，结转下年；另有表彰奖励 500 元（现金）。待领取：请于 … 领取。"
 */
export function memberPartWords(part: MemberPart, lang: "zh-CN" | "en"): string {
  const zh = lang === "zh-CN";
  const pieces: string[] = [];
  const cashBeyondReward = part.cashFen - part.rewardFen - (part.remainder?.paid === "cash" ? part.remainder.fen : 0n);
  // a household left out has no part; a reversal's negated amounts are told by its state alone
  if (part.handout.state !== "left_out" && part.handout.state !== "reversal") {
    if (part.goods) {
      const g = part.goods;
      pieces.push(
        zh
          ? `本户分得${g.item} ${g.units} ${unitZh(g.unit)}（折 ${yuanShort(g.valueFen)} 元）`
          : `this household gets ${g.item} ${g.units} ${g.unit} (worth ${yuanShort(g.valueFen)} yuan)`,
      );
    } else if (cashBeyondReward !== 0n) {
      pieces.push(
        zh ? `本户分得现金 ${yuanShort(cashBeyondReward)} 元` : `this household gets ${yuanShort(cashBeyondReward)} yuan in cash`,
      );
    }
    const r = part.remainder;
    if (r && part.goods) {
      const step = `${part.goods.stepUnits} ${zh ? unitZh(part.goods.unit) : part.goods.unit}`;
      pieces.push(
        r.paid === "cash"
          ? zh
            ? `不足一份（每份 ${step}）的 ${yuanShort(r.fen)} 元以现金发放`
            : `the ${yuanShort(r.fen)} yuan short of a whole step (${step}) is paid in cash`
          : zh
            ? `不足一份（每份 ${step}）的 ${yuanShort(r.fen)} 元计入集体结余，结转下年`
            : `the ${yuanShort(r.fen)} yuan short of a whole step (${step}) stays with the collective, carried to next year`,
      );
    } else if (r && !part.goods) {
      pieces.push(
        r.paid === "cash"
          ? zh
            ? `本户份额 ${yuanShort(r.fen)} 元不足一份实物，以现金发放`
            : `the share of ${yuanShort(r.fen)} yuan buys no whole step of goods and is paid in cash`
          : zh
            ? `本户份额 ${yuanShort(r.fen)} 元不足一份实物，计入集体结余，结转下年`
            : `the share of ${yuanShort(r.fen)} yuan buys no whole step of goods and stays with the collective, carried to next year`,
      );
    }
    if (part.rewardFen !== 0n)
      pieces.push(
        zh ? `另有表彰奖励 ${yuanShort(part.rewardFen)} 元（现金）` : `besides, a reward of ${yuanShort(part.rewardFen)} yuan in cash`,
      );
  }
  let text = "";
  if (pieces.length) {
    const joined = pieces.join(zh ? "；" : "; ");
    text = zh ? `${joined}。` : `${joined[0]!.toUpperCase()}${joined.slice(1)}.`;
  }
  const collect = collectWords(part.handout, lang);
  return [text, collect].filter(Boolean).join(zh ? "" : " ");
}
