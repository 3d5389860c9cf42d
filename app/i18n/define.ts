/**
 * One area's messages: the Chinese text first, the English beside it with exactly the same keys
 * (TypeScript refuses a missing or extra key). Each area of the app has its own file in
 * app/i18n/areas/, merged in index.ts.
 */
export function defineMessages<const Z extends Record<string, string>>(zh: Z, en: { [K in keyof Z]: string }) {
  return { zh, en };
}
