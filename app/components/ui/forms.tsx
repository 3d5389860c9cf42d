/**
 * The forms' one set of field components (conform's metadata in, accessible markup out): a label,
 * the control, an optional hint and the field's messages, which are tied to the control by
 * aria-invalid / aria-describedby and announced as they appear after a submit. Every form of the
 * app is built from these; see docs/decisions/008-forms.md.
 */
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type Submission,
  type SubmissionResult,
} from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import type { FormErrors } from "~/domain/form";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { useLang } from "~/i18n/use-t";

/** conform's metadata of one field whose messages come in both languages */
export type FieldMeta = FieldMetadata<any, any, FormErrors>;

/**
 * A form's state from its action's last answer. On a page with several forms, each passes its
 * own `intent` and sees only the answers to a submit of that intent. A form may also check
 * itself in the browser before it posts (`onValidate`: the action's own parse, e.g.
 * `({ formData }) => parseForm(formData, schema)`), which also keeps conform's list buttons
 * (insert, remove) in the browser; without it, the server is the one that checks.
 */
export function useFormReply<Values extends Record<string, unknown>>({
  id,
  lastResult,
  intent,
  defaultValue,
  onValidate,
}: {
  id: string;
  lastResult: SubmissionResult<FormErrors> | null | undefined;
  intent?: string;
  defaultValue?: Partial<{ [K in keyof Values]: unknown }>;
  onValidate?: (context: { formData: FormData }) => Submission<any, FormErrors, any>;
}) {
  const mine = intent === undefined || lastResult?.initialValue?.intent === intent ? lastResult : null;
  return useForm<Values, Values, FormErrors>({ id, lastResult: mine ?? null, defaultValue: defaultValue as never, shouldRevalidate: "onInput", onValidate: onValidate as never });
}

/** The messages of a field (or of the whole form), picked for the reader. */
export function ErrorList({ id, errors }: { id: string; errors: readonly Message[] | null | undefined }) {
  const lang = useLang();
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.map((e) => pick(lang, e)).join(" ")}
    </p>
  );
}

/** Errors that belong to no one field (a refusal of the whole form), above the form. */
export type FormMeta = FormMetadata<any, FormErrors>;

export function FormErrorsAlert({ form }: { form: FormMeta }) {
  const lang = useLang();
  if (!form.errors?.length) return null;
  return (
    <p className="alert alert-error" id={form.errorId} role="alert">
      {form.errors.map((e) => pick(lang, e)).join(" ")}
    </p>
  );
}

/** the <form>'s id, aria and noValidate (the server validates; the browser's bubbles would not be in the reader's language) */
export function formProps(form: FormMeta) {
  return getFormProps(form);
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p className="small muted" id={id}>
      {hint}
    </p>
  ) : null;
}

type Common = { meta: FieldMeta; label: ReactNode; hint?: ReactNode; className?: string };

/** label + input + hint + messages */
export function Field({ meta, label, hint, className, type = "text", ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue">) {
  const { key, ...props } = getInputProps(meta, { type: type as "text", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className={className ?? "field"}>
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId} hint={hint} />
      <input key={key} {...props} {...input} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** label + textarea + hint + messages */
export function TextareaField({ meta, label, hint, className, ...textarea }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue">) {
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className={className ?? "field"}>
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId} hint={hint} />
      <textarea key={key} {...props} {...textarea} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** label + select (the options as children) + hint + messages */
export function SelectField({
  meta,
  label,
  hint,
  className,
  children,
  ...select
}: Common & { children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "defaultValue">) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className={className ?? "field"}>
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId} hint={hint} />
      <select key={key} {...props} {...select}>
        {children}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** a checkbox with its label after it, and its messages */
export function CheckboxField({ meta, label, hint, className, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue" | "type">) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className={className ?? "field field-check"}>
      <label>
        <input key={key} {...props} {...input} /> {label}
      </label>
      <Hint id={meta.descriptionId} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
