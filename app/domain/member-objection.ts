/**
 * An objection a member raises online on /me while a plan is on public notice (公示): its form
 * (at most 1,000 characters), what it is told, and where disputes go once the notice is over
 * (农村集体经济组织法 第五十六条). Pure.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { parseForm } from "./form";
import { id, invalidRequest, text } from "./input";

export const OBJECTION_MAX = 1000;

export const MEMBER_OBJECTION_MESSAGES = {
  content: { zh: "请写下您的异议", en: "Write what you object to" },
  tooLong: { zh: `异议不超过${OBJECTION_MAX}字`, en: `At most ${OBJECTION_MAX.toLocaleString("en")} characters` },
  open: {
    zh: "本户对这个方案已有一条异议在等村里答复；答复后才能再提新的异议",
    en: "Your household already has an objection to this plan awaiting the village's answer; raise a new one after it is answered",
  },
  notOnNotice: {
    zh: "这个方案不在公示期内，不能在网上提出异议",
    en: "This plan is not on public notice: no objection can be raised online",
  },
  before: { zh: "公示还没有开始，请在公示期内提出", en: "The notice has not started yet; raise it during the notice" },
  ended: { zh: "公示期已结束，不能再在网上提出异议", en: "The notice period is over: no more objections online" },
  openForSecretary: {
    zh: "这一户对本方案已有一条异议尚未答复；请先答复它，或把新的意见写进同一条",
    en: "This household already has an unanswered objection to the plan: answer it first, or add to it",
  },
  otherHousehold: { zh: "只能为本户提出异议", en: "You can raise an objection for your own household only" },
  noPlan: { zh: "没有这个分配方案", en: "No such distribution plan" },
  otherVillage: { zh: "这个方案不是本户所在村的", en: "This plan is not your household's village's" },
} as const satisfies Record<string, Message>;

const say = (m: Message) => said(m.zh, m.en);

/** POST /me — 对分配方案提出异议 */
export const memberObjectionSchema = z.object({
  intent: z.literal("objection", { errorMap: () => ({ message: invalidRequest() }) }),
  /** the member's household the page shows (one of the member's grants: the model checks) */
  householdId: id(invalidRequest()),
  runId: id(invalidRequest()),
  content: text({
    max: OBJECTION_MAX,
    requiredMessage: say(MEMBER_OBJECTION_MESSAGES.content),
    tooLongMessage: say(MEMBER_OBJECTION_MESSAGES.tooLong),
  }),
});
export type MemberObjection = z.infer<typeof memberObjectionSchema>;

/** fields the page writes, not the member: their messages are the whole form's */
const PAGE_FIELDS = ["intent", "householdId", "runId"];

/** The posted objection through its schema; the page's own fields' messages moved to the form's. */
export function parseMemberObjection(formData: FormData) {
  const submission = parseForm(formData, memberObjectionSchema);
  const errors = submission.status === "error" ? submission.error : undefined;
  if (errors) {
    for (const name of PAGE_FIELDS) {
      const messages = errors[name];
      if (!messages) continue;
      const form = errors[""] ?? [];
      for (const m of messages) if (!form.some((seen) => seen.zh === m.zh)) form.push(m);
      errors[""] = form;
      delete errors[name];
    }
  }
  return submission;
}

/**
 * Where a dispute goes after the notice (Art. 56): mediation by the township (town) government
 * or the county's agriculture and rural affairs department; if mediation is refused or fails,
 * arbitration or a court.
 */
export const DISPUTES_ART_56: Message = {
  zh:
    "对成员身份确认或收益分配仍有争议的，可以请乡镇人民政府（街道办事处）或县农业农村部门调解；" +
    "不愿调解或调解不成的，可以依法申请仲裁，也可以直接向人民法院起诉（《中华人民共和国农村集体经济组织法》第五十六条）。",
  en:
    "A dispute over membership or over the distribution may still be mediated by the township (town) government " +
    "or the county's agriculture and rural affairs department; if mediation is refused or fails, it may go to arbitration, " +
    "or straight to a people's court (Rural Collective Economic Organisations Law of the PRC, Article 56).",
};
