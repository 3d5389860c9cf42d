/**
 * The member register's pages as rendered: no page that shows a person shows a full ID number —
 * the list, the person's page, the household's page, for the secretary and for the town and the
 * county — except the secretary's edit form once the secretary asked to see it. And a refused
 * form marks its controls and ties them to their announced messages, in both languages.
 */
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FULL_ID_NUMBER, makeIdNumber } from "~/domain/members";
import { resetEnvForTests } from "~/utils/env.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { invalidControls, orphanErrors, renderPage } from "../../tests/render-page";
import { call, dataOf, makeRequest } from "../../tests/remix";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

const list = await import("./villages.$code.members");
const person = await import("./villages.$code.members_.$member");
const household = await import("./villages.$code.households_.$household");

const HONGHE = "520323102201";
const base = `/villages/${HONGHE}/members`;
const ID = makeIdNumber("520323", "1958-11-03", 33);

type Route = {
  default: () => ReturnType<typeof createElement> | null;
  loader: Parameters<typeof call>[0];
  action?: Parameters<typeof call>[0];
};

async function rendered(
  route: Route,
  path: string,
  params: Record<string, string>,
  username: string,
  form?: Record<string, string>,
  lang = "zh-CN",
) {
  const cookie = await cookieFor(username);
  const actionData = form ? dataOf(await call(route.action!, makeRequest(path, { method: "POST", form, cookie }), params)) : undefined;
  const loaderData = await call(route.loader, makeRequest(path, { cookie }), params);
  return renderPage(createElement(route.default), loaderData, actionData, lang);
}

/** the page without its edit form */
const withoutEditForm = (html: string) => html.replace(/<form[^>]*id="edit"[\s\S]*?<\/form>/, "");

let memberId: number;

beforeAll(async () => {
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 6).toString("base64");
  resetEnvForTests();
  await seededDatabase();
  const cookie = await cookieFor("sec-honghe");
  const r = await call(
    list.action,
    makeRequest(base, {
      method: "POST",
      cookie,
      form: {
        intent: "create",
        householdCode: "H0447",
        name: "页面测试",
        relation: "other",
        sex: "male",
        birthDate: "1958-11-03",
        idNumber: ID,
        phone: "13987654321",
        smsConsent: "on",
        civilCapacity: "by_age",
        confirmedOn: "2025-05-01",
        confirmationBasis: "reform",
        confirmationResolution: "2025年第1次成员大会决议",
      },
    }),
    { code: HONGHE },
  );
  memberId = Number(/members\/(\d+)/.exec((r as Response).headers.get("Location") ?? "")?.[1]);
  expect(memberId).toBeGreaterThan(0);
});
afterAll(() => {
  delete process.env.NOTIFY_SECRET_KEY;
  resetEnvForTests();
});

describe("no page shows a full ID number but the secretary's edit form, when asked", () => {
  const params = () => ({ code: HONGHE, member: String(memberId) });

  it("the register, the household's page and the person's page, for every reader", async () => {
    for (const username of ["sec-honghe", "town-kuandong", "bureau-suiyang", "admin"]) {
      for (const lang of ["zh-CN", "en"]) {
        const pages = [
          await rendered(list as Route, `${base}?q=${ID.slice(-4)}`, { code: HONGHE }, username, undefined, lang),
          await rendered(
            household as Route,
            `/villages/${HONGHE}/households/H0447`,
            { code: HONGHE, household: "H0447" },
            username,
            undefined,
            lang,
          ),
          await rendered(person as Route, `${base}/${memberId}`, params(), username, undefined, lang),
        ];
        for (const html of pages) {
          expect(html, username).toContain(`5203**********${ID.slice(-4)}`);
          expect(html, username).not.toMatch(FULL_ID_NUMBER);
          // the secretary's edit form holds the phone as stored (its own test below); nothing else shows it
          expect(withoutEditForm(html), username).not.toContain("13987654321");
          if (username !== "sec-honghe") expect(html, username).not.toContain("13987654321");
          expect(html).toContain("页面测试");
        }
      }
    }
  });

  it("the secretary's look: the full number in the edit form's field only", async () => {
    const html = await rendered(person as Route, `${base}/${memberId}`, params(), "sec-honghe", { intent: "reveal" });
    expect(html).toMatch(new RegExp(`<input[^>]*id="edit-idNumber"[^>]*value="${ID}"`));
    expect(html.match(new RegExp(ID, "g"))).toHaveLength(1);
    expect(withoutEditForm(html)).not.toMatch(FULL_ID_NUMBER);
    // the secretary's form holds the phone as stored; the details show its mask
    expect(html).toMatch(/<input[^>]*id="edit-phone"[^>]*value="13987654321"/);
    expect(withoutEditForm(html)).not.toContain("13987654321");
  });
});

describe("refused forms tie their messages to their controls", () => {
  const check = (html: string, expected: string[]) => {
    const invalid = invalidControls(html);
    expect(invalid.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of invalid) {
      expect(c.describedBy?.split(" ")[0], c.id).toBe(`${c.id}-error`);
      expect(c.announced, c.id).toBe(true);
      expect(c.message, c.id).toBeTruthy();
    }
    expect(orphanErrors(html)).toEqual([]);
  };

  it("adding a person", async () => {
    for (const lang of ["zh-CN", "en"]) {
      const html = await rendered(
        list as Route,
        base,
        { code: HONGHE },
        "sec-honghe",
        {
          intent: "create",
          householdCode: "",
          name: "",
          relation: "x",
          sex: "",
          birthDate: "1980-13-01",
          idNumber: "123",
          confirmedOn: "",
          confirmationBasis: "",
          confirmationResolution: "",
        },
        lang,
      );
      check(html, [
        "new-householdCode",
        "new-name",
        "new-relation",
        "new-sex",
        "new-birthDate",
        "new-idNumber",
        "new-confirmedOn",
        "new-confirmationBasis",
        "new-confirmationResolution",
      ]);
    }
  });

  it("a loss for a refused reason, answered beside the reason with the article", async () => {
    const cookie = await cookieFor("sec-honghe");
    const d = (await call(person.loader, makeRequest(`${base}/${memberId}`, { cookie }), { code: HONGHE, member: String(memberId) })) as {
      member: { version: number };
    };
    const html = await rendered(person as Route, `${base}/${memberId}`, { code: HONGHE, member: String(memberId) }, "sec-honghe", {
      intent: "loss",
      version: String(d.member.version),
      lostOn: "2026-01-01",
      lossReason: "study",
    });
    check(html, ["loss-lossReason"]);
    expect(html).toMatch(/id="loss-lossReason-error" role="alert">《农村集体经济组织法》第十八条/);
    expect(html).not.toContain("edit-name-error");
  });
});
