/**
 * What an action answers a form that cannot be saved: the form's values and messages back
 * (conform's `submission.reply()`), with 400 for input the schema refused, or the refusal's status
 * (app/utils/refusal.server.ts) when the domain or a model said no.
 */
import { data } from "@remix-run/node";
import type { FormSubmission } from "~/domain/form";
import type { Refusal } from "~/domain/refusal";
import { messageOfRefusal, statusOfRefusal } from "./refusal.server";
import type { ZodTypeAny } from "zod";

/** fields never echoed back (passwords); headers the answer carries besides (a 429's Retry-After) */
type ReplyOptions = { hideFields?: string[]; headers?: Record<string, string> };

export function replyInvalid<S extends ZodTypeAny>(submission: FormSubmission<S>, options: ReplyOptions = {}) {
  return data(submission.reply({ hideFields: options.hideFields }), { status: 400, headers: options.headers });
}

export function replyRefused<S extends ZodTypeAny>(submission: FormSubmission<S>, refusal: Refusal, options: ReplyOptions = {}) {
  const message = messageOfRefusal(refusal);
  const reply = refusal.field
    ? submission.reply({ fieldErrors: { [refusal.field]: [message] }, hideFields: options.hideFields })
    : submission.reply({ formErrors: [message], hideFields: options.hideFields });
  return data(reply, { status: statusOfRefusal(refusal.code), headers: options.headers });
}

/**
 * A refusal that brings what the page needs to show it beside the form's answer — e.g. the
 * version someone saved meanwhile, for a page that shows both (`version_conflict`).
 */
export function replyRefusedWith<S extends ZodTypeAny, T extends Record<string, unknown>>(
  submission: FormSubmission<S>,
  refusal: Refusal,
  extra: T,
  options: ReplyOptions = {},
) {
  const answer = replyRefused(submission, refusal, options);
  return data({ ...answer.data, ...extra }, answer.init ?? undefined);
}
