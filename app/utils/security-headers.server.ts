import { randomBytes } from "node:crypto";

/** A fresh nonce for one response's scripts. */
export function makeNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * The headers every response carries. Scripts run only with this response's nonce (and what
 * they load, 'strict-dynamic'); styles only from our own stylesheet; no plugins, no <base>, no
 * framing. HSTS only when the request came over https (a browser ignores it over http anyway,
 * and localhost must stay reachable over http).
 */
export function securityHeaders({ nonce, https, dev = false }: { nonce: string; https: boolean; dev?: boolean }) {
  const csp = [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // the dev server's live reload talks over a websocket
    dev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
