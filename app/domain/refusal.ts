/**
 * Why the domain or a model said no, as a code (`{ ok: false, code: "version_conflict" }`). Codes
 * never carry an HTTP status: the route edge (app/utils/refusal.server.ts) maps each code to its
 * status and its message in both languages. `field` names the form field the refusal is about.
 */
export const REFUSAL_CODES = [
  "not_found", // the record is not there, or not within the caller's scope
  "forbidden", // the caller's role may not do this
  "invalid", // input the schema let through but the domain refuses (details in `message`)
  "version_conflict", // someone saved since the form was loaded
  "duplicate", // a unique name, code or key already taken (a form error: 400)
  "conflict", // a concurrent change got there first (409)
  "wrong_state", // the record's state does not allow this step
  "throttled", // too many tries in a while: the caller waits (429, with Retry-After)
  "gone", // it was there but can no longer be used: an expired invitation slip (410)
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

import type { Message } from "~/i18n/message";

export type Refusal<C extends RefusalCode = RefusalCode> = {
  ok: false;
  code: C;
  /** the form field the refusal belongs beside; none = the whole form */
  field?: string;
  /** a more precise message than the code's own (e.g. which rule a value broke) */
  message?: Message;
};

export function refuse<C extends RefusalCode>(code: C, detail: { field?: string; message?: Message } = {}): Refusal<C> {
  return { ok: false, code, ...detail };
}

export type Outcome<T extends object = object, C extends RefusalCode = RefusalCode> = ({ ok: true } & T) | Refusal<C>;
