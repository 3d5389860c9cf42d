import type {} from "@remix-run/node";

/** What scripts/serve.ts hands every loader and action besides the request. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** the client's address (X-Forwarded-For only when TRUST_PROXY says so) */
    clientIp?: string;
    /** this response's CSP nonce */
    cspNonce?: string;
  }
}

/** The client's address for throttling and the audit trail; "unknown" when not served by serve.ts. */
export function clientIp(context: { clientIp?: unknown } | undefined | null): string {
  const ip = context?.clientIp;
  return typeof ip === "string" && ip.length > 0 ? ip.slice(0, 64) : "unknown";
}
