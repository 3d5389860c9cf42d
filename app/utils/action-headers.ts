import type { HeadersFunction } from "@remix-run/node";

/**
 * A route's `headers` export that passes on what its action said about the answer — Retry-After
 * (sign-in throttling) and Cache-Control (pages that show a one-time password) — since for a
 * document request Remix keeps only the cookies of an action's headers unless the route says so.
 */
export const passActionHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const out = new Headers(loaderHeaders);
  for (const name of ["Retry-After", "Cache-Control"]) {
    const value = actionHeaders.get(name);
    if (value) out.set(name, value);
  }
  return out;
};
