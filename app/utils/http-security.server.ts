import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { isSameOrigin } from "./csrf.server";
import { makeNonce, securityHeaders } from "./security-headers.server";

/**
 * The host a request was addressed to, worked out as @remix-run/express does for request.url
 * (req.hostname honours TRUST_PROXY; the port comes from X-Forwarded-Host or Host), so the
 * server's check and the app's own check agree.
 */
function addressedHost(req: ExpressRequest): string {
  const port = (h: string | undefined) => {
    const n = Number.parseInt(h?.split(":")[1] ?? "", 10);
    return Number.isSafeInteger(n) ? n : null;
  };
  const p = port(req.get("X-Forwarded-Host")) ?? port(req.get("host"));
  return `${req.hostname}${p ? `:${p}` : ""}`;
}

/**
 * Every response: a fresh CSP nonce (handed to the app through the load context) and the
 * security headers. Every non-GET request from another site: 403 before the app sees it (the
 * app checks again in requireUser and in its public actions, for tests and other servers).
 */
export function securityMiddleware({ dev }: { dev: boolean }): RequestHandler {
  return (req, res, next) => {
    const nonce = makeNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(securityHeaders({ nonce, https: req.secure, dev }))) res.setHeader(name, value);
    const sameOrigin = isSameOrigin({
      method: req.method,
      origin: req.get("Origin") ?? null,
      secFetchSite: req.get("Sec-Fetch-Site") ?? null,
      host: addressedHost(req),
    });
    if (!sameOrigin) {
      res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝。Cross-site request refused.");
      return;
    }
    next();
  };
}

/** What loaders and actions get besides the request (typed in app/utils/request.server.ts). */
export function loadContextOf(req: ExpressRequest, res: ExpressResponse) {
  return {
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    cspNonce: String(res.locals.cspNonce ?? ""),
  };
}
