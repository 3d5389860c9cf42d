import { isRobotErrorCode } from "~/domain/robots";
import { isSmsErrorCode } from "~/domain/sms";
import type { Translate } from "~/i18n";

/** A robot's failure in the reader's language: the code worded by the catalogue, the detail as it came. */
export function robotErrorText(t: Translate, code: string | null | undefined, detail: string | null | undefined): string {
  if (!isRobotErrorCode(code)) return detail ?? "";
  return t(`notify.error.${code}`, { detail: detail ?? "" });
}

/** A message's failure, worded for its channel: a robot's, or a text's (the SMS service's words). */
export function outboxErrorText(
  t: Translate,
  channel: "robot" | "sms",
  code: string | null | undefined,
  detail: string | null | undefined,
): string {
  if (channel === "robot") return robotErrorText(t, code, detail);
  if (!isSmsErrorCode(code)) return detail ?? "";
  return t(`sms.error.${code}`, { detail: detail ?? "" }).trim();
}
