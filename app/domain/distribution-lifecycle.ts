/**
 * A distribution run's life: 草稿 → 公示中 → (村审核 + 镇确认) 已审核 → 已发放, or 已冲销 when a
 * correction reverses it. Which step is allowed when, and by whom; the notice period's dates.
 * Pure: "today" is always passed in (the caller reads the controllable clock).
 */
import { isIsoDate } from "./dates";
import { refuse, type Refusal } from "./refusal";
import type { Message } from "~/i18n/message";

export type RunStatus = "draft" | "notice" | "approved" | "handed_out" | "reversed";

export const STATUS_LABELS: Record<RunStatus, Message> = {
  draft: { zh: "草稿", en: "Draft" },
  notice: { zh: "公示中", en: "On public notice" },
  approved: { zh: "已审核", en: "Approved" },
  handed_out: { zh: "已发放", en: "Handed out" },
  reversed: { zh: "已冲销", en: "Reversed" },
};

/** The calendar date in China (UTC+8, no daylight saving) at an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus n days. */
export function addDays(iso: string, n: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The last day a notice starting on `from` must still run: from + noticeDays − 1 (7 days: 1st … 7th). */
export function earliestNoticeEnd(from: string, noticeDays: number): string {
  return addDays(from, noticeDays - 1);
}

/** what the notice's dates are told when they are not real dates */
export const NOTICE_DATE_MESSAGES = {
  noticeFrom: { zh: "请填写公示开始日期（如 2026-04-01）", en: "Enter the first day of the notice (e.g. 2026-04-01)" },
  noticeTo: { zh: "请填写公示结束日期（如 2026-04-07）", en: "Enter the last day of the notice (e.g. 2026-04-07)" },
} as const satisfies Record<string, Message>;

export type NoticeDateErrors = Partial<Record<keyof typeof NOTICE_DATE_MESSAGES, Message>>;

/**
 * The notice dates a secretary typed: real dates, starting today or later (a notice recorded
 * after the fact could end before anyone saw it), at least the rule's noticeDays long.
 */
export function validateNoticeDates({
  from,
  to,
  noticeDays,
  today,
}: {
  from: unknown;
  to: unknown;
  noticeDays: number;
  today: string;
}): { ok: true; from: string; to: string } | { ok: false; errors: NoticeDateErrors } {
  const errors: NoticeDateErrors = {};
  if (!isIsoDate(from)) errors.noticeFrom = NOTICE_DATE_MESSAGES.noticeFrom;
  else if (from < today)
    errors.noticeFrom = { zh: `公示不能从过去开始：最早 ${today}`, en: `A notice cannot start in the past: ${today} at the earliest` };
  if (!isIsoDate(to)) errors.noticeTo = NOTICE_DATE_MESSAGES.noticeTo;
  if (isIsoDate(from) && isIsoDate(to)) {
    const min = earliestNoticeEnd(from, noticeDays);
    if (to < min) {
      errors.noticeTo = {
        zh: `公示期不少于${noticeDays}天：结束日期不能早于 ${min}`,
        en: `The notice runs at least ${noticeDays} days: it cannot end before ${min}`,
      };
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, from: from as string, to: to as string };
}

/** The notice period has ended when today is after its last day. */
export function noticeEnded(noticeTo: string | null, today: string): boolean {
  return noticeTo !== null && today > noticeTo;
}

/**
 * Where today stands against a run's notice: before it starts, within it (objections may be
 * raised online), after its last day, or no notice at all (a draft, or past the notice).
 */
export function noticeWindow(
  run: { status: RunStatus; noticeFrom: string | null; noticeTo: string | null },
  today: string,
): "before" | "open" | "ended" | "none" {
  if (!run.noticeFrom || !run.noticeTo) return "none";
  if (run.status === "notice" && today < run.noticeFrom) return "before";
  if (run.status === "notice" && today <= run.noticeTo) return "open";
  return run.status === "draft" ? "none" : "ended";
}

/**
 * The first day goods and cash may be handed out: the day of the town's confirmation, or the day
 * after the notice ended when the confirmation's day is not known.
 */
export function earliestHandoutDay(run: { noticeTo: string | null; confirmedOn: string | null }): string | null {
  return run.confirmedOn ?? (run.noticeTo ? addDays(run.noticeTo, 1) : null);
}

/** what the hand-out's place and date are told */
export const HANDOUT_PLACE_MESSAGES = {
  handoutPlace: {
    zh: "请填写发放地点（100字以内），如 岗上组广场",
    en: "Where it is handed out (at most 100 characters), e.g. 岗上组广场",
  },
  handoutOn: { zh: "请填写发放日期，如 2026-01-20", en: "The hand-out date, e.g. 2026-01-20" },
} as const satisfies Record<string, Message>;

/** The hand-out date's problem, or null: a real date not before the approval (earliestHandoutDay). */
export function handoutDateProblem(on: unknown, earliest: string | null): Message | null {
  if (!isIsoDate(on)) return HANDOUT_PLACE_MESSAGES.handoutOn;
  if (earliest && on < earliest)
    return { zh: `发放日期不能早于方案审核确认之日（${earliest}）`, en: `The hand-out cannot be before the plan's approval (${earliest})` };
  return null;
}

export type RunAction =
  "redraft" | "startNotice" | "withdrawNotice" | "objection" | "approve" | "confirm" | "handout" | "handoutPlace" | "correct";

export type RunCapacity = {
  /** the village's secretary: drafts, posts the notice, approves first, records hand-outs */
  canWrite: boolean;
  /** a town (or county) officer: confirms the secretary's approval */
  canConfirm: boolean;
};

export type RunState = {
  kind: "regular" | "reversal";
  status: RunStatus;
  noticeTo: string | null;
  approvedBySecretary: string | null;
  confirmedByTown: string | null;
};

type Check = { ok: true } | Refusal<"forbidden" | "wrong_state">;
const refused = (code: "forbidden" | "wrong_state", zh: string, en: string): Check => refuse(code, { message: { zh, en } });
const OK: Check = { ok: true };

export const FROZEN: Message = {
  zh: "已审核的分配方案不能修改；如需更正，请冲销后重新编制",
  en: "An approved plan never changes; to correct it, reverse it and draw up a new one",
};

/** May `actorId` with `capacity` take `action` on a run in `state` today? */
export function checkRunAction(state: RunState, action: RunAction, capacity: RunCapacity, actorId: string | null, today: string): Check {
  if (state.kind === "reversal") return refused("wrong_state", "冲销记录不能再操作", "A reversal record takes no further steps");
  const writeOnly = () =>
    capacity.canWrite ? OK : refused("forbidden", "只有本村村支书（村会计）可以操作", "Only the village's secretary may do this");
  switch (action) {
    case "redraft":
    case "startNotice":
      if (state.status !== "draft")
        return refused(
          "wrong_state",
          state.status === "notice" ? "方案正在公示，请先撤回公示" : FROZEN.zh,
          state.status === "notice" ? "The plan is on notice: withdraw the notice first" : FROZEN.en,
        );
      return writeOnly();
    case "withdrawNotice":
      if (state.status !== "notice") return refused("wrong_state", "方案不在公示中", "The plan is not on notice");
      if (state.confirmedByTown) return refused("wrong_state", FROZEN.zh, FROZEN.en);
      return writeOnly();
    case "objection":
      if (state.status !== "notice")
        return refused("wrong_state", "只能在公示期间登记异议", "Objections are recorded while the plan is on notice");
      return writeOnly();
    case "approve":
      if (state.status !== "notice") return refused("wrong_state", "方案须先公示", "The plan must be put on notice first");
      if (!noticeEnded(state.noticeTo, today))
        return refused(
          "wrong_state",
          `公示期至 ${state.noticeTo} 结束，之后才能审核`,
          `The notice runs until ${state.noticeTo}; approve after it ends`,
        );
      if (state.approvedBySecretary)
        return refused("wrong_state", "村里已审核，等待乡镇确认", "Already approved by the village; awaiting the town's confirmation");
      return writeOnly();
    case "confirm":
      if (state.status !== "notice") return refused("wrong_state", "方案不在待确认状态", "The plan is not awaiting confirmation");
      if (!noticeEnded(state.noticeTo, today))
        return refused(
          "wrong_state",
          `公示期至 ${state.noticeTo} 结束，之后才能确认`,
          `The notice runs until ${state.noticeTo}; confirm after it ends`,
        );
      if (!state.approvedBySecretary) return refused("wrong_state", "须先由村支书审核", "The village secretary approves first");
      if (!capacity.canConfirm) return refused("forbidden", "只有乡镇农经站可以确认", "Only the town officer may confirm");
      if (actorId === null || actorId === state.approvedBySecretary)
        return refused("forbidden", "审核与确认须由两人分别完成", "Approval and confirmation need two different people");
      return OK;
    case "handout":
      if (state.status !== "approved" && state.status !== "handed_out")
        return refused("wrong_state", "方案审核后才能发放", "Hand out only after approval");
      return writeOnly();
    case "handoutPlace":
      if (state.status === "handed_out")
        return refused(
          "wrong_state",
          "已全部发放，发放地点和日期不能再改",
          "Everything is handed out: the place and date no longer change",
        );
      if (state.status !== "approved")
        return refused("wrong_state", "方案审核确认后才能定发放地点和日期", "Set the place and date once the plan is approved");
      return writeOnly();
    case "correct":
      if (state.status !== "approved" && state.status !== "handed_out")
        return refused(
          "wrong_state",
          "只有已审核的方案需要冲销更正；草稿可直接重做",
          "Only an approved plan is corrected by reversal; a draft is simply redone",
        );
      return writeOnly();
  }
}
