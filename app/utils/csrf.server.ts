import { translator } from "../i18n";
import { getLang } from "./lang.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginFacts = {
  method: string;
  /** the Origin header, if any */
  origin: string | null;
  /** the Sec-Fetch-Site header, if any */
  secFetchSite: string | null;
  /** host[:port] the request was addressed to */
  host: string;
};

/**
 * Is this request allowed to change anything? Safe methods always are (and must not change
 * anything). Others need an Origin naming this host, or — when a browser sends no Origin —
 * Sec-Fetch-Site: same-origin. Neither header, "null", or another site: refused.
 */
export function isSameOrigin({ method, origin, secFetchSite, host }: OriginFacts): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (secFetchSite && secFetchSite !== "same-origin" && secFetchSite !== "none") return false;
  if (origin) {
    if (origin === "null") return false;
    try {
      return new URL(origin).host.toLowerCase() === host.toLowerCase();
    } catch {
      return false;
    }
  }
  return secFetchSite === "same-origin";
}

export function originFactsOf(request: Request): OriginFacts {
  return {
    method: request.method,
    origin: request.headers.get("Origin"),
    secFetchSite: request.headers.get("Sec-Fetch-Site"),
    host: new URL(request.url).host,
  };
}

/** Throws a 403 in the user's language when a non-GET request comes from another site. */
export async function assertSameOrigin(request: Request): Promise<void> {
  if (isSameOrigin(originFactsOf(request))) return;
  const t = translator(await getLang(request));
  throw new Response(t("auth.crossSite"), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
