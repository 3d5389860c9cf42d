/**
 * Above the lines, what needs correcting after a refused save, each line's message with its line
 * number (第3行：…) — the messages themselves sit beside their fields and are announced there.
 */
import type { FormErrors } from "~/domain/form";
import { pick } from "~/i18n";
import type { Message } from "~/i18n/message";
import { useLang, useT } from "~/i18n/use-t";

const NEEDS_CORRECTING: Message = { zh: "有填写错误，请按提示修改", en: "Some fields need correcting" };

export function LineErrorSummary({ errors }: { errors: Record<string, FormErrors | undefined> }) {
  const t = useT();
  const lang = useLang();
  const fieldErrors = Object.entries(errors).filter(([name, list]) => name !== "" && list?.length);
  if (!fieldErrors.length) return null;
  return (
    <div className="alert alert-error">
      <p>{pick(lang, NEEDS_CORRECTING)}</p>
      <ul>
        {fieldErrors.map(([name, list]) => {
          const row = /^lines\[(\d+)\]/.exec(name)?.[1];
          const text = list!.map((m) => pick(lang, m)).join(" ");
          return <li key={name}>{row !== undefined ? t("income.lineError", { line: Number(row) + 1, message: text }) : text}</li>;
        })}
      </ul>
    </div>
  );
}
