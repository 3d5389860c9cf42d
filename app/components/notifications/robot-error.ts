import { isRobotErrorCode } from "~/domain/robots";
import type { Translate } from "~/i18n";

/** A robot's failure in the reader's language: the code worded by the catalogue, the detail as it came. */
export function robotErrorText(t: Translate, code: string | null | undefined, detail: string | null | undefined): string {
  if (!isRobotErrorCode(code)) return detail ?? "";
  return t(`notify.error.${code}`, { detail: detail ?? "" });
}
