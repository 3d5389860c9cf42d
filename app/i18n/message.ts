/**
 * Text in both languages: what the domain, the models and the forms answer with, picked for the
 * reader at the page (`pick`). The one declaration of the shape; everything else imports it.
 */
export type Message = { zh: string; en: string };

export const message = (zh: string, en: string): Message => ({ zh, en });

/**
 * Validation messages for zod schemas. A zod message is one string, so a schema says the Chinese
 * text (`said("不超过100字", "At most 100 characters")` returns "不超过100字") and the English is
 * kept beside it here; `messageOfIssue` gives both back when a form is parsed. A Chinese text
 * said twice must mean the same English (checked by the catalogue's test).
 */
const saidTexts = new Map<string, Message>();

export function said(zh: string, en: string): string {
  const known = saidTexts.get(zh);
  if (known && known.en !== en && process.env.NODE_ENV !== "production") {
    throw new Error(`"${zh}" is said in English both as "${known.en}" and as "${en}"`);
  }
  if (!known) saidTexts.set(zh, { zh, en });
  return zh;
}

/** What a field says when its value is unusable and the schema gave no message of its own. */
export const INVALID_VALUE: Message = { zh: "填写有误", en: "Invalid value" };

/** The message of a zod issue: a text from `said`, else the generic one (zod's own English). */
export function messageOfText(text: string): Message {
  return saidTexts.get(text) ?? INVALID_VALUE;
}
