import { en } from "./en";
import { zhCN, type MessageKey } from "./zh-CN";

export type Lang = "zh-CN" | "en";
export type { MessageKey };
export const LANGS: readonly Lang[] = ["zh-CN", "en"];

const catalogues: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isLang(v: unknown): v is Lang {
  return v === "zh-CN" || v === "en";
}

/** `{name}` placeholders are filled from vars. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogues[lang][key] ?? zhCN[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, vars) => translate(lang, key, vars);
}
