import { describe, expect, it } from "vitest";
import { call, makeRequest, statusOf } from "../../tests/remix";
import { action } from "./lang";

const post = (form: Record<string, string>) => call(action, makeRequest("/lang", { method: "POST", form }));

describe("POST /lang", () => {
  it("sets the language and goes back to the page, only ever a path on this site", async () => {
    const r = (await post({ lang: "en", redirectTo: "/admin/users?q=x" })) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/admin/users?q=x");
    expect(r.headers.get("Set-Cookie")).toMatch(/^lang=/);
    for (const redirectTo of ["//evil.example", "https://evil.example/", "/a\u0000b", "/a\u001bb"]) {
      expect(((await post({ lang: "zh-CN", redirectTo })) as Response).headers.get("Location"), redirectTo).toBe("/");
    }
  });

  it("answers a language it does not know, or a NUL in it, with 400 in both languages (the language is what failed)", async () => {
    for (const lang of ["fr", "en\u0000", ""]) {
      const r = (await post({ lang, redirectTo: "/" })) as Response;
      expect(statusOf(r), lang).toBe(400);
      expect(await r.text()).toBe("语言无效 / invalid language");
    }
  });
});
