import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSameOrigin } from "./csrf.server";
import { loadContextOf, securityMiddleware } from "./http-security.server";
import { safeRedirectPath } from "./safe-redirect";
import { securityHeaders } from "./security-headers.server";

describe("isSameOrigin", () => {
  const host = "ledger.example.cn";
  const check = (method: string, origin: string | null, secFetchSite: string | null = null) =>
    isSameOrigin({ method, origin, secFetchSite, host });
  it("lets safe methods through: they must not change anything", () => {
    expect(check("GET", "https://evil.example", "cross-site")).toBe(true);
    expect(check("HEAD", null)).toBe(true);
  });
  it("takes a POST whose Origin names this host, or same-origin Sec-Fetch-Site when there is no Origin", () => {
    expect(check("POST", "https://ledger.example.cn")).toBe(true);
    expect(check("POST", "http://LEDGER.example.cn")).toBe(true);
    expect(check("POST", null, "same-origin")).toBe(true);
    expect(check("DELETE", "https://ledger.example.cn", "same-origin")).toBe(true);
  });
  it("refuses other sites, sibling subdomains, other ports, null, garbage, and no header at all", () => {
    expect(check("POST", "https://evil.example")).toBe(false);
    expect(check("POST", "https://ledger.example.cn.evil.example")).toBe(false);
    expect(check("POST", "https://sub.ledger.example.cn")).toBe(false);
    expect(check("POST", "https://ledger.example.cn:8443")).toBe(false);
    expect(check("POST", "null")).toBe(false);
    expect(check("POST", "not a url")).toBe(false);
    expect(check("POST", null)).toBe(false);
    expect(check("POST", null, "same-site")).toBe(false);
    expect(check("POST", null, "none")).toBe(false);
    expect(check("PUT", "https://ledger.example.cn", "cross-site")).toBe(false);
  });
});

describe("securityHeaders", () => {
  it("puts the nonce on scripts and closes the rest", () => {
    const h = securityHeaders({ nonce: "abc123", https: false });
    const csp = Object.fromEntries(h["Content-Security-Policy"].split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(csp["script-src"]).toBe("'nonce-abc123' 'strict-dynamic'");
    expect(csp["object-src"]).toBe("'none'");
    expect(csp["base-uri"]).toBe("'none'");
    expect(csp["frame-ancestors"]).toBe("'none'");
    expect(csp["style-src"]).toBe("'self'");
    expect(csp["default-src"]).toBe("'self'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ nonce: "x", https: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("safeRedirectPath", () => {
  it("keeps paths on this site and nothing else", () => {
    expect(safeRedirectPath("/villages/520323102201?year=2025")).toBe("/villages/520323102201?year=2025");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/a b",
      "/\u0000x",
      "",
      null,
      3,
    ]) {
      expect(safeRedirectPath(bad, "/home"), String(bad)).toBe("/home");
    }
  });
});

describe("the server's middleware (express, as scripts/serve.ts uses it)", () => {
  let base = "";
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.set("trust proxy", 1);
    app.use(securityMiddleware({ dev: false }));
    app.all("/echo", (req, res) => {
      res.json(loadContextOf(req, res));
    });
    await new Promise<void>((resolve) => {
      const server = app.listen(0, "127.0.0.1", () => {
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        resolve();
      });
      close = () => server.close();
    });
  });
  afterAll(() => close());

  it("sets a fresh nonce per response in the CSP and hands it and the client address to the app", async () => {
    const a = await fetch(`${base}/echo`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    const b = await fetch(`${base}/echo`);
    const ctxA = (await a.json()) as { clientIp: string; cspNonce: string };
    const ctxB = (await b.json()) as { cspNonce: string };
    expect(a.headers.get("content-security-policy")).toContain(`'nonce-${ctxA.cspNonce}'`);
    expect(ctxA.cspNonce).not.toBe(ctxB.cspNonce);
    expect(ctxA.clientIp).toBe("203.0.113.7"); // trust proxy 1: the hop in front is believed
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("strict-transport-security")).toBeNull();
    const https = await fetch(`${base}/echo`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("refuses a cross-site POST with 403 before the app sees it, and lets a same-origin one through", async () => {
    const evil = await fetch(`${base}/echo`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("content-security-policy")).toBeTruthy();
    const bare = await fetch(`${base}/echo`, { method: "POST" });
    expect(bare.status).toBe(403);
    const same = await fetch(`${base}/echo`, { method: "POST", headers: { Origin: base } });
    expect(same.status).toBe(200);
  });
});
