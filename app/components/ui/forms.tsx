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
import { useMemo, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { FormErrors } from "~/domain/form";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { useLang } from "~/i18n/use-t";

/** conform's metadata of one field whose messages come in both languages */
export type FieldMeta = FieldMetadata<any, any, FormErrors>;

/**
 * A form's state from its action's last answer. On a page with several forms, each passes its
 * own `intent` and sees only the answers to a submit of that intent; when another form answered,
 * it is given an answer without messages, so what it said before goes (what was typed stays).
 * Validation is the server's, on submit (no request while the user types), unless the form checks
 * itself in the browser before it posts (`onValidate`: the action's own parse, e.g.
 * `({ formData }) => parseForm(formData, schema)`), which also keeps conform's list buttons
 * (insert, remove) in the browser. A GET form (a list's filters or search) answered by its loader's
 * parse of the query uses it too, without `intent`: checked again only when submitted again, since
 * a validation round trip as the reader types would be a navigation.
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
  const mine = intent === undefined || lastResult?.initialValue?.intent === intent;
  // one object per answer: conform takes each in once
  const cleared = useMemo<SubmissionResult<FormErrors> | null>(() => (lastResult ? { error: {} } : null), [lastResult]);
  return useForm<Values, Values, FormErrors>({
    id,
    lastResult: mine ? (lastResult ?? null) : cleared,
    defaultValue: defaultValue as never,
    shouldValidate: "onSubmit",
    // checked in the browser: again as the user corrects; else the server's check, on submit only
    shouldRevalidate: onValidate ? "onInput" : "onSubmit",
    onValidate: onValidate as never,
  });
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
export function Field({
  meta,
  label,
  hint,
  className,
  type = "text",
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue">) {
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
export function TextareaField({
  meta,
  label,
  hint,
  className,
  ...textarea
}: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "defaultValue">) {
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
export function CheckboxField({
  meta,
  label,
  hint,
  className,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "defaultValue" | "type">) {
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

/**
 * A group of checkboxes posting one field once per box ticked (its value a list): a legend, the
 * boxes with their labels after them, and the group's messages, which the fieldset points at.
 */
export function CheckboxGroupField({
  meta,
  legend,
  options,
  hint,
  className,
  optionClassName,
}: {
  meta: FieldMeta;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode }[];
  hint?: ReactNode;
  className?: string;
  optionClassName?: string;
}) {
  const describedBy = [hint ? meta.descriptionId : null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ");
  return (
    <fieldset className={className} id={meta.id} aria-describedby={describedBy || undefined}>
      <legend>{legend}</legend>
      <Hint id={meta.descriptionId} hint={hint} />
      {options.map((option, i) => {
        // the fieldset carries the group's aria; each box has an id of its own
        const {
          key: _key,
          id: _id,
          "aria-invalid": _invalid,
          "aria-describedby": _describedBy,
          ...props
        } = getInputProps(meta, { type: "checkbox", value: option.value });
        return (
          <label key={option.value} className={optionClassName}>
            <input {...props} id={`${meta.id}-${i}`} /> {option.label}
          </label>
        );
      })}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
