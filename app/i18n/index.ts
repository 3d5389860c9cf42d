import auth from "./areas/auth";
import core from "./areas/core";
import workspace from "./areas/workspace";
import regions from "./areas/regions";
import distributions from "./areas/distributions";
import registers from "./areas/registers";
import notifications from "./areas/notifications";
import me from "./areas/me";
import memberFiling from "./areas/member-filing";
import sms from "./areas/sms";
import ui from "./areas/ui";
import invites from "./areas/invites";
import members from "./areas/members";
import type { Message } from "./message";

/**
 * The catalogue: every area's messages merged. To add an area, create app/i18n/areas/<area>.ts
 * with defineMessages(zh, en) and list it here.
 */
const areas = [
  core,
  workspace,
  auth,
  regions,
  distributions,
  registers,
  notifications,
  sms,
  memberFiling,
  ui,
  invites,
  members,
  me,
] as const;

type Area = (typeof areas)[number];
type Keys<A> = A extends { zh: infer Z } ? keyof Z : never;
export type MessageKey = Keys<Area> & string;

export type Lang = "zh-CN" | "en";
export const LANGS: readonly Lang[] = ["zh-CN", "en"];

const zh = Object.assign({}, ...areas.map((a) => a.zh)) as Record<MessageKey, string>;
const en = Object.assign({}, ...areas.map((a) => a.en)) as Record<MessageKey, string>;
const catalogues: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zh, en };

export function isLang(v: unknown): v is Lang {
  return v === "zh-CN" || v === "en";
}

/** `{name}` placeholders are filled from vars. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogues[lang][key] ?? zh[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, vars) => translate(lang, key, vars);
}

/** A message given in both languages (domain errors carry these), picked for the user. */
export function pick(lang: Lang, message: Message): string {
  return lang === "en" ? message.en : message.zh;
}

/** every key of the catalogue (for the catalogue's own test) */
export function allMessageKeys(): MessageKey[] {
  return Object.keys(zh) as MessageKey[];
}
