/**
 * A redirect target from user input, only ever a path on this site: "/x?y" passes; "//evil",
 * "/\evil" (browsers read the backslash as a slash), "https://evil" and anything with spaces or
 * control characters fall back.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (!/^\/(?![/\\])[^\s\\\u0000-\u001f]*$/.test(value)) return fallback;
  return value;
}
