/**
 * The register pages answer a refused submit with inline errors a screen reader can find, as
 * forms-a11y.test.tsx checks the other pages: each page is rendered with what its loader and
 * action really returned, in both languages, and every input marked aria-invalid must point
 * (aria-describedby) at its announced message `<id>-error`; no message is left unpointed at, and
 * only the refused form shows one.
 */
import { createElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { invalidControls, orphanErrors, renderPage } from "../../tests/render-page";
import { call, dataOf, makeRequest } from "../../tests/remix";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

const households = await import("./villages.$code.households");
const household = await import("./villages.$code.households_.$household");
const shares = await import("./villages.$code.shares");

const HONGHE = "520323102201";

type Route = {
  default: () => ReturnType<typeof createElement> | null;
  loader: Parameters<typeof call>[0];
  action: Parameters<typeof call>[0];
};

/** the page refused `form` for: each listed control is marked and described in both languages */
async function check(
  route: Route,
  path: string,
  params: Record<string, string>,
  form: Record<string, string>,
  expected: string[],
  extra: (html: string) => void = () => {},
) {
  const cookie = await cookieFor("sec-honghe");
  const loaderData = await call(route.loader, makeRequest(path, { cookie }), params);
  const actionData = dataOf(await call(route.action, makeRequest(path, { method: "POST", form, cookie }), params));
  for (const lang of ["zh-CN", "en"]) {
    const html = renderPage(createElement(route.default), loaderData, actionData, lang);
    const invalid = invalidControls(html);
    expect(invalid.map((c) => c.id).sort(), `${form.intent} ${lang}`).toEqual([...expected].sort());
    for (const c of invalid) {
      expect(c.describedBy, c.id).toBe(`${c.id}-error`);
      expect(c.announced, c.id).toBe(true);
      expect(c.message, c.id).toBeTruthy();
    }
    expect(orphanErrors(html), `${form.intent} ${lang}`).toEqual([]);
    extra(html);
  }
}

beforeAll(async () => {
  await seededDatabase();
});

describe("the register pages tie inline errors to their inputs", () => {
  const list = `/villages/${HONGHE}/households`;

  it("adding a household: each bad field, the flags' group, a 户号 taken", async () => {
    const bad = {
      intent: "create",
      code: "",
      headName: "",
      groupId: "x",
      leaderId: "",
      members: "很多",
      joinedOn: "2099-01-01",
      phone: "12",
      flags: "富裕户",
    };
    await check(
      households as Route,
      list,
      { code: HONGHE },
      bad,
      ["new-code", "new-headName", "new-groupId", "new-joinedOn", "new-phone"],
      (html) => {
        // the flags are a group: its fieldset points at the message
        expect(html).toMatch(/<fieldset class="flag-choices" id="new-flags" aria-describedby="new-flags-error">/);
        expect(html).toContain('id="new-flags-error" role="alert"');
        // the values come back as posted
        expect(html).toMatch(/<input[^>]*id="new-phone"[^>]*value="12"/);
        // no count to type: the form says the 成员名册 counts, whatever was posted as members
        expect(html).not.toContain('name="members"');
        expect(html).not.toContain("很多");
        expect(html).toMatch(/人口不在这里填写|Members are not typed here/);
      },
    );
    const taken = {
      intent: "create",
      code: "H0001",
      headName: "张三",
      groupId: "",
      leaderId: "",
      joinedOn: "2024-03-01",
      phone: "",
    };
    await check(households as Route, list, { code: HONGHE }, taken, ["new-code"], (html) => {
      expect(html).toMatch(/id="new-code-error" role="alert">(户号 H0001 已存在|Household number H0001 exists already)</);
    });
  });

  it("a household's page: the edit form and the leaving form, each only when refused", async () => {
    const path = `${list}/H0002`;
    const params = { code: HONGHE, household: "H0002" };
    await check(
      household as Route,
      path,
      params,
      { intent: "update", headName: "", groupId: "", leaderId: "", members: "99", joinedOn: "2020-01-01", phone: "" },
      ["edit-headName"],
      (html) => {
        expect(html).not.toContain("leave-leftOn-error");
        // the count is shown read-only, as the register's, and has no input
        expect(html).not.toContain('name="members"');
        expect(html).toMatch(/<dt>(成员（名册）|Members \(register\))<\/dt>/);
      },
    );
    await check(
      household as Route,
      path,
      params,
      { intent: "leave", leftOn: "2025-02-30", leftReason: "" },
      ["leave-leftOn", "leave-leftReason"],
      (html) => {
        expect(html).not.toContain("edit-headName-error");
      },
    );
    // still holding shares: the leaving form's own alert, above it
    await check(household as Route, path, params, { intent: "leave", leftOn: "2025-06-30", leftReason: "迁出" }, [], (html) => {
      expect(html).toMatch(/<p class="alert alert-error" id="leave-error" role="alert">(该户仍持有股份|The household still holds shares)/);
    });
  });

  it("the share register: a movement, a new class and a class's edit", async () => {
    const path = `/villages/${HONGHE}/shares`;
    const movement = {
      intent: "movement",
      type: "transfer",
      householdCode: "H0003",
      counterpartyCode: "",
      shareClassId: "0",
      quantity: "-1",
      effectiveOn: "2025-12-01",
      approvedOn: "x",
      approvedBy: "",
      note: "",
    };
    await check(shares as Route, path, { code: HONGHE }, movement, ["mv-shareClassId", "mv-quantity", "mv-approvedOn", "mv-approvedBy"]);
    // a transfer without the receiving household, the rest of it right: the receiving field shows, marked
    await check(
      shares as Route,
      path,
      { code: HONGHE },
      { ...movement, shareClassId: "1", quantity: "1", approvedOn: "2025-12-01", approvedBy: "理事会" },
      ["mv-counterpartyCode"],
    );
    // a 户号 the village does not have: beside it
    await check(
      shares as Route,
      path,
      { code: HONGHE },
      {
        ...movement,
        type: "subscribe",
        householdCode: "H9999",
        shareClassId: "1",
        quantity: "1",
        approvedOn: "2025-12-01",
        approvedBy: "理事会",
      },
      ["mv-householdCode"],
    );
    await check(shares as Route, path, { code: HONGHE }, { intent: "class", kind: "land", name: "", unitValue: "很多" }, [
      "class-unitValue",
    ]);
    const cookie = await cookieFor("sec-honghe");
    const { classes } = (await call(shares.loader, makeRequest(path, { cookie }), { code: HONGHE })) as { classes: { id: number }[] };
    const id = classes[0]!.id;
    await check(
      shares as Route,
      path,
      { code: HONGHE },
      { intent: "classEdit", id: String(id), name: "", unitValue: "1" },
      [`class-${id}-name`],
      (html) => {
        expect(html).toMatch(new RegExp(`<details open=""><summary class="small">[^<]+</summary><form[^>]*id="class-${id}"`));
      },
    );
  });
});
