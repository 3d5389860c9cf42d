/**
 * A form field's inline error, tied to its input: the message has the id `${fieldId}-error`, the
 * input carries aria-invalid and aria-describedby pointing at it while the error stands, and the
 * message is a live alert so it is announced when it appears after a submit.
 */
import type { InputHTMLAttributes, ReactNode } from "react";
import { pick } from "~/i18n";
import { useLang } from "~/i18n/use-t";
import type { Message } from "~/i18n/message";

/** a domain error in both languages, or a message already in the reader's language */
export type FieldMessage = Message | string | null | undefined;

/** The id of a field's error message. */
export const errorIdOf = (fieldId: string) => `${fieldId}-error`;

/**
 * The input's aria while it has an error (spread onto <input>, <select>, <textarea>, <fieldset>);
 * `describedBy` names what describes the input always (a note beside it), before its error.
 */
export function errorAria(fieldId: string, error: FieldMessage, ...describedBy: string[]): { "aria-invalid"?: true; "aria-describedby"?: string } {
  const ids = [...describedBy, ...(error ? [errorIdOf(fieldId)] : [])].join(" ");
  return { ...(error ? { "aria-invalid": true as const } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
}

/** The message under the input, when there is one. */
export function FieldError({ fieldId, error }: { fieldId: string; error: FieldMessage }) {
  const lang = useLang();
  if (!error) return null;
  return (
    <p className="field-error" id={errorIdOf(fieldId)} role="alert">
      {typeof error === "string" ? error : pick(lang, error)}
    </p>
  );
}

/** label + text input + its error, the common case */
export function TextField({
  id,
  label,
  error,
  ...input
}: { id: string; label: ReactNode; error?: FieldMessage } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" {...input} {...errorAria(id, error)} />
      <FieldError fieldId={id} error={error} />
    </div>
  );
}
