/**
 * The person page's request work: the person the URL names (within the caller's village), and
 * the page's forms — edit, record a loss, take a loss back, show the full ID number — each parsed
 * with its own schema and answered as the forms' spine answers (400 with the field's message, the
 * refusal's status, or a redirect back to the page saying what was saved).
 */
import { redirect } from "@remix-run/node";
import type { Db } from "@db/client.server";
import { parseForm } from "~/domain/form";
import { INT_MAX } from "~/domain/input";
import {
  MEMBER_FORM_MESSAGES,
  memberLossSchema,
  memberPageIntentSchema,
  memberRestoreSchema,
  memberRevealSchema,
  memberUpdateSchema,
  parseMemberForm,
} from "~/domain/members";
import { refuse } from "~/domain/refusal";
import { pick } from "~/i18n";
import { canKeepIdNumbers } from "~/models/member-identity.server";
import { getMember, type MemberDetail } from "~/models/members.server";
import { recordLoss, undoLoss, updateMember } from "~/models/members-write.server";
import type { AuditActor } from "~/utils/audit.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { getLang } from "~/utils/lang.server";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** The person of this village the URL names: a malformed id is a 400, a person of no such id here a 404 (in the reader's language). */
export async function memberFromUrl(request: Request, db: Db, villageCode: string, value: string | undefined): Promise<MemberDetail> {
  const lang = await getLang(request);
  const id = /^[1-9]\d{0,9}$/.test(value ?? "") ? Number(value) : NaN;
  if (!(id <= INT_MAX)) throw text(lang === "en" ? "Invalid member number" : "成员编号无效", 400);
  const member = await getMember({ db, villageCode, memberId: id });
  if (!member) throw text(pick(lang, MEMBER_FORM_MESSAGES.notFound), 404);
  return member;
}

/** the page a save goes back to, saying what it did */
const back = (m: MemberDetail, saved: string) => redirect(`/villages/${m.villageCode}/members/${m.id}?saved=${saved}`);

/** POST /villages/:code/members/:member — the secretary's forms (the route has checked the role). */
export async function saveMemberPage({
  formData,
  db,
  member,
  actor,
  today,
}: {
  formData: FormData;
  db: Db;
  member: MemberDetail;
  actor: AuditActor;
  today: string;
}) {
  const where = { db, villageCode: member.villageCode, memberId: member.id, actor, today };
  switch (formData.get("intent")) {
    case "update": {
      const submission = parseMemberForm(formData, memberUpdateSchema({ today }));
      if (submission.status !== "success") return replyInvalid(submission);
      const { intent: _intent, version, clearIdNumber, idNumber, ...person } = submission.value;
      // an empty field keeps the stored number (the form holds it only after "show")
      const input = { ...person, idNumber: clearIdNumber ? null : (idNumber ?? undefined) };
      const result = await updateMember({ ...where, version, input });
      return result.ok ? back(member, "updated") : replyRefused(submission, result);
    }
    case "loss": {
      const submission = parseMemberForm(formData, memberLossSchema({ today, confirmedOn: member.confirmedOn }));
      if (submission.status !== "success") return replyInvalid(submission);
      const { intent: _intent, version, ...loss } = submission.value;
      const result = await recordLoss({ ...where, version, loss });
      return result.ok ? back(member, "lost") : replyRefused(submission, result);
    }
    case "restore": {
      const submission = parseMemberForm(formData, memberRestoreSchema);
      if (submission.status !== "success") return replyInvalid(submission);
      const result = await undoLoss({ ...where, version: submission.value.version });
      return result.ok ? back(member, "restored") : replyRefused(submission, result);
    }
    case "reveal": {
      const submission = parseForm(formData, memberRevealSchema);
      if (submission.status !== "success") return replyInvalid(submission);
      if (!canKeepIdNumbers()) return replyRefused(submission, refuse("invalid", { message: MEMBER_FORM_MESSAGES.noKey }));
      const revealed = await getMember({ db, villageCode: member.villageCode, memberId: member.id, reveal: true, actor });
      return { ...submission.reply(), revealedIdNumber: revealed?.idNumber ?? null };
    }
    default:
      return replyInvalid(parseForm(formData, memberPageIntentSchema));
  }
}
