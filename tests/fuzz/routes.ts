/**
 * The fuzz's table: for every route module, the pages it is reached at (who looks, which URL),
 * in the order they are fuzzed. The forms and most query parameters are found on the rendered
 * pages and in what the loaders parse (see bad-input.test.ts); this table only says what
 * discovery cannot see:
 *
 * - `setup` brings the records to the state a page's forms need (a submitted income year, a
 *   distribution in its notice period …), through the app's own actions;
 * - `base` gives valid values to the fields a page leaves empty (a new household's code and
 *   name …), so that the bad value is the only thing wrong with a request;
 * - `forms` lists the forms a page must show (by intent), so that a page that lost its forms in
 *   its state fails here instead of silently fuzzing less (a form a page offers again, the same
 *   intent for the same record, is fuzzed on the first page only);
 * - `extraForms` are posts no page shows (a commit with a forged token, the check endpoints);
 * - `query` names query parameters read somewhere discovery does not look.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { households } from "@db/schema";
import { INVITE_ALPHABET } from "~/domain/invite-code";
import { createInvites, findInviteByCode } from "~/models/member-invites.server";
import { DEMO_PASSWORD } from "~/utils/demo.server";

export const HONGHE = "520323102201";
export const CHASHAN = "520304101201";
export const SUIYANG = "520323000000";

/** a form's valid values; a function gives a fresh value each time (a code that must be new) */
export type BaseValue = string | string[] | File | (() => string);
export type BaseValues = Record<string, BaseValue>;

export type SetupTools = {
  /** calls the action answering `url` as `username`; its status */
  post: (username: string, url: string, form: Record<string, string | string[]>) => Promise<number>;
  /** the loader data of `url` as `username` */
  load: <T = Record<string, unknown>>(username: string, url: string) => Promise<T>;
  /** moves the app's clock to noon (China) of a day */
  day: (isoDay: string) => void;
};

export type FuzzPage = {
  /** the username signed in, or null */
  as: string | null;
  url: string;
  /** the URL when it names a record the seed numbers (a person's id): found through the app's loaders once the database is seeded, before anything is fuzzed */
  urlFrom?: (tools: SetupTools) => Promise<string>;
  /** the day the app's clock shows (default 2026-03-20) */
  day?: string;
  setup?: (tools: SetupTools) => Promise<void>;
  /** valid values by form: the key is the form's intent, "*" (every form of the page), or name=value pairs ("intent=cooperative&id=": the form whose fields have those values) */
  base?: Record<string, BaseValues>;
  /** the intents the page must offer */
  forms?: string[];
  /** intents not fuzzed, and why */
  skip?: Record<string, string>;
  extraForms?: { action?: string; multipart?: boolean; fields: BaseValues }[];
};

export type FuzzRoute = {
  pages: FuzzPage[];
  /** query parameters read where discovery does not look */
  query?: string[];
  /** tables a refused request, or a GET, may rightly write (a failed sign-in is counted, and so is a wrong invitation code) */
  mayWrite?: string[];
  /** fields whose value the action reads only when it is good and otherwise ignores, and why */
  ignores?: Record<string, string>;
  /** why the route has nothing to fuzz beyond its URL */
  note?: string;
};

let n = 0;
/** a value never used before in this run */
export const fresh = (prefix: string) => () => `${prefix}${(++n).toString(36)}`;

const csv = (text: string, name = "fuzz.csv") => new File([text], name, { type: "text/csv" });
const MEMBER_CSV =
  "户号,姓名,与户主关系,性别,出生日期,身份证号,手机号,同意短信,确认日期,确认依据,确认决议\nH0003,模糊人,其他,男,1980-01-01,,,,2019-06-01,出生,决议";
// as our export writes it: 人口 is the 成员名册's count, which the import does not read
const HOUSEHOLD_CSV = "户号,户主姓名,村民组,联户长,人口（成员名册）,标识,入社日期\nZ901,测试户,岗上组,,3,,2024-01-05";

// the lines as the page names them (conform's list: lines[0].kind …); only the first is filled
const incomeRows = {
  "lines[0].kind": "operating",
  "lines[0].industry": "",
  "lines[0].description": "中蜂蜂蜜销售",
  "lines[0].amount": "1000.00",
  "lines[0].note": "",
  "lines[1].kind": "operating_cost",
  "lines[1].description": "",
  "lines[1].amount": "",
};

type Run = {
  run: { status: string; version: number; objections: { id: number; answer?: string | null }[]; allocations?: { id: number }[] } | null;
};
const DIST = `/villages/${HONGHE}/distributions/2025`;
const distRun = async (t: SetupTools, as = "sec-honghe") => (await t.load<Run>(as, DIST)).run;

/** the day 红河村 2025's run was approved on (later when the fuzz withdrew its notice and it was given again) */
let distDay = "2026-03-28";

/**
 * Brings 红河村 2025's run to "approved by the secretary" from whatever state the fuzz left it
 * in: a notice the fuzz withdrew is given again from today and the clock moved past its end;
 * open objections are answered.
 */
async function toApproval(t: SetupTools) {
  distDay = "2026-03-28";
  t.day(distDay);
  let run = await distRun(t);
  if (!run) {
    await t.post("sec-honghe", DIST, { intent: "draft", recordDate: "2026-03-01" });
    run = await distRun(t);
  }
  if (run?.status === "draft") {
    await t.post("sec-honghe", DIST, { intent: "notice", version: String(run.version), noticeFrom: distDay, noticeTo: "2026-04-03" });
    distDay = "2026-04-04";
    t.day(distDay);
  }
  for (const o of (await distRun(t))?.objections ?? [])
    if (!o.answer) await t.post("sec-honghe", DIST, { intent: "answer", objectionId: String(o.id), answer: "已答复" });
  const now = await distRun(t);
  if (now?.status === "notice") await t.post("sec-honghe", DIST, { intent: "approve", version: String(now.version) });
}

/**
 * Brings 红河村 2024's run (a year the run page's fuzz leaves alone) into its notice on the day
 * /me is fuzzed, through the run page's actions, with no objection of H0001 left open: /me then
 * shows member-honghe-1 its objection form.
 */
const DIST_2024 = `/villages/${HONGHE}/distributions/2024`;
const ME_DAY = "2026-03-22";
async function toNotice2024(t: SetupTools) {
  t.day(ME_DAY);
  const run2024 = async () => (await t.load<Run>("sec-honghe", DIST_2024)).run;
  let run = await run2024();
  if (!run) {
    await t.post("sec-honghe", DIST_2024, { intent: "draft", recordDate: "2025-03-01" });
    run = await run2024();
  }
  if (run?.status === "draft")
    await t.post("sec-honghe", DIST_2024, { intent: "notice", version: String(run.version), noticeFrom: ME_DAY, noticeTo: "2026-03-29" });
  for (const o of (await run2024())?.objections ?? [])
    if (!o.answer) await t.post("sec-honghe", DIST_2024, { intent: "answer", objectionId: String(o.id), answer: "已答复" });
}

type HouseholdPage = { persons: { id: number; relation: string; lostOn: string | null }[] };
/** the page of the last person of a 红河村 household (a child of the seed's, whose loss changes no 户主) */
const personOf = (household: string) => async (t: SetupTools) => {
  const { persons } = await t.load<HouseholdPage>("sec-honghe", `/villages/${HONGHE}/households/${household}`);
  const person = persons.at(-1);
  if (!person) throw new Error(`the seed gave ${household} no persons`);
  return `/villages/${HONGHE}/members/${person.id}`;
};
/** that person lost (for a law's reason), whatever the fuzz left them as */
const lose = (household: string) => async (t: SetupTools) => {
  const url = await personOf(household)(t);
  const { member } = await t.load<{ member: { version: number; lostOn: string | null } }>("sec-honghe", url);
  if (!member.lostOn)
    await t.post("sec-honghe", url, { intent: "loss", version: String(member.version), lostOn: "2026-03-01", lossReason: "death" });
};

const ruleBase: BaseValues = {
  documentTitle: "《模糊测试分配办法》",
  name: "提取30%分红",
  dividendPercent: "30",
  "split.households": "100",
  "split.shares": "0",
  "split.members": "0",
  noticeDays: "7",
};

/** the code of the slip /join/<code> is fuzzed on: made with a random source that gives exactly it */
const FUZZ_CODE = "FUZZ2345";
const fuzzCodeBytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => INVITE_ALPHABET.indexOf(FUZZ_CODE[i % FUZZ_CODE.length]));

/** an open slip with FUZZ_CODE for 红河村 H0040 (the app's actions never hand a code back but in their answer) */
async function fuzzSlip() {
  const db = await getDb();
  if ((await findInviteByCode({ db, code: FUZZ_CODE }))?.state === "open") return;
  const [h] = await db
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), eq(households.code, "H0040")));
  await createInvites({
    db,
    villageCode: HONGHE,
    target: { kind: "households", householdIds: [h.id] },
    actor: { id: "demo-sec-honghe", username: "sec-honghe" },
    random: fuzzCodeBytes,
  });
}

/** a household of 红河村 the invitation page's tick form sends (found by its setup) */
let tickedHousehold = "";

export const FUZZ_ROUTES: Record<string, FuzzRoute> = {
  "_index.tsx": { pages: [{ as: null, url: "/" }] },
  "healthz.ts": { pages: [{ as: null, url: "/healthz" }] },
  "lang.tsx": { pages: [{ as: null, url: "/lang", extraForms: [{ fields: { lang: "en", redirectTo: "/villages" } }] }] },
  "login.tsx": {
    pages: [{ as: null, url: "/login", base: { "*": { username: "sec-linjiang", password: DEMO_PASSWORD, redirectTo: "/" } } }],
    mayWrite: ["login_attempts"],
    // an unsafe target (not a path of this site) is the user's home page instead: a sign-in
    // with good credentials goes ahead, wherever the link that led to it pointed
    ignores: { redirectTo: "only a path on this site is followed; anything else lands on the user's home page" },
  },
  "logout.tsx": { pages: [{ as: "sec-huangxi", url: "/logout" }], note: "its action reads no field" },
  "public.villages.$code.tsx": { pages: [{ as: null, url: `/public/villages/${HONGHE}` }] },
  "join._index.tsx": { pages: [{ as: null, url: "/join", base: { "*": { code: FUZZ_CODE } } }], query: ["code"] },
  "join.$code.tsx": {
    pages: [
      {
        as: null,
        url: `/join/${FUZZ_CODE}`,
        setup: fuzzSlip,
        base: { join: { password: "Fuzz-Strong-Pass-2026!", confirm: "Fuzz-Strong-Pass-2026!" } },
        forms: ["join"],
      },
    ],
    mayWrite: ["login_attempts"],
  },
  "account.password.tsx": {
    pages: [
      {
        as: "member-chashan-1",
        url: "/account/password",
        base: { "*": { current: DEMO_PASSWORD, next: "Fuzz-Strong-Pass-2026!", confirm: "Fuzz-Strong-Pass-2026!" } },
      },
    ],
  },
  "me.tsx": {
    pages: [
      {
        as: "member-honghe-1",
        url: "/me",
        day: ME_DAY,
        setup: toNotice2024,
        base: { objection: { content: "我家人口登记有误，请核对" } },
        forms: ["objection"],
      },
    ],
    query: ["household"],
  },

  "admin._index.tsx": { pages: [{ as: "admin", url: "/admin" }] },
  "admin.users._index.tsx": { pages: [{ as: "admin", url: "/admin/users" }], query: ["page"] },
  "admin.users.new.tsx": {
    pages: [
      {
        as: "admin",
        url: "/admin/users/new",
        base: { "*": { role: "bureau", regionCode: SUIYANG, username: fresh("fuzz-user-"), displayName: "模糊测试局" } },
      },
    ],
  },
  "admin.users.$id.tsx": {
    pages: [
      {
        as: "admin",
        url: "/admin/users/demo-sec-chashan",
        base: { "add-grant": { role: "town", regionCode: "520304101000", householdCode: "" } },
        forms: ["remove-grant", "add-grant", "reset-password", "disable"],
      },
    ],
  },
  "admin.audit.tsx": { pages: [{ as: "admin", url: `/admin/audit?village=${HONGHE}` }], query: ["page"] },
  "admin.rules.tsx": { pages: [{ as: "admin", url: "/admin/rules", base: { "*": ruleBase } }], query: ["key"] },
  "admin.industries.tsx": {
    pages: [
      {
        as: "admin",
        url: "/admin/industries",
        base: { create: { key: fresh("fuzz_"), nameZh: fresh("模糊产业"), nameEn: fresh("Fuzz industry "), defaultUnit: "亩" } },
        forms: ["create"],
      },
      { as: "admin", url: "/admin/industries?edit=1", forms: ["update"] },
    ],
  },
  "admin.notifications.tsx": {
    pages: [
      {
        as: "admin",
        url: "/admin/notifications",
        base: {
          add: {
            regionCode: SUIYANG,
            kind: "dingtalk",
            name: "模糊测试机器人",
            url: "https://oapi.dingtalk.com/robot/send?access_token=fuzz",
            secret: "",
          },
        },
        forms: ["add"],
      },
      {
        as: "admin",
        url: "/admin/notifications",
        setup: async (t) => {
          await t.post("admin", "/admin/notifications", {
            intent: "add",
            regionCode: SUIYANG,
            kind: "wecom",
            name: "模糊测试群",
            url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=fuzz",
            secret: "",
          });
        },
        forms: ["disable"],
        skip: { test: "sends a message to the robot's webhook", add: "fuzzed on the first page" },
        extraForms: [{ fields: { intent: "resend", id: "1" } }],
      },
    ],
  },

  "regions.$code.tsx": { pages: [{ as: "bureau-suiyang", url: `/regions/${SUIYANG}?year=2025` }], query: ["page"] },
  "regions.$code.export.ts": { pages: [{ as: "bureau-suiyang", url: `/regions/${SUIYANG}/export?year=2025&table=villages&format=csv` }] },
  "regions.$code_.rules.tsx": { pages: [{ as: "bureau-suiyang", url: `/regions/${SUIYANG}/rules` }], query: ["from", "village"] },
  "compare.tsx": { pages: [{ as: "admin", url: `/compare?villages=${HONGHE},${CHASHAN}` }], query: ["v"] },
  "compare.export.ts": { pages: [{ as: "admin", url: `/compare/export?villages=${HONGHE},${CHASHAN}&format=csv` }] },

  "villages.$code._index.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}`,
        base: {
          group: { name: fresh("模糊组") },
          leader: { name: fresh("模糊联户长") },
          industryYear: { revenue: "1000.00", visitors: "10" },
          "intent=cooperative&id=": {
            name: fresh("模糊合作社"),
            role: ["cooperative", "household"],
            label: ["合作社", "农户"],
            partnerName: ["模糊社", "农户甲"],
          },
        },
        forms: ["summary", "industry", "industryYear", "cooperative", "group", "leader"],
      },
    ],
  },
  "villages.$code.income.$year.tsx": {
    pages: [
      { as: "sec-honghe", url: `/villages/${HONGHE}/income/2023`, base: { save: incomeRows }, forms: ["save"] },
      {
        as: "town-kuandong",
        url: `/villages/${HONGHE}/income/2023`,
        setup: async (t) => {
          const url = `/villages/${HONGHE}/income/2023`;
          const d = await t.load<{ incomeYear: { version: number; status: string } | null }>("sec-honghe", url);
          if (d.incomeYear?.status === "submitted") return;
          await t.post("sec-honghe", url, {
            intent: "save",
            version: String(d.incomeYear?.version ?? 0),
            ...incomeRows,
            carriedOver: "",
            losses: "",
          });
          const saved = await t.load<{ incomeYear: { version: number } | null }>("sec-honghe", url);
          await t.post("sec-honghe", url, { intent: "submit", version: String(saved.incomeYear?.version ?? 0) });
        },
        base: { "*": { text: "请补充说明" } },
        forms: ["approve", "return"],
      },
      { as: "bureau-suiyang", url: `/villages/${HONGHE}/income/2024`, base: { "*": { text: "更正录入错误" } }, forms: ["unlock"] },
    ],
  },
  "villages.$code_.distributions.$year.tsx": {
    pages: [
      { as: "sec-honghe", url: DIST, forms: ["draft"] },
      {
        as: "sec-honghe",
        url: DIST,
        setup: async (t) => {
          if (!(await distRun(t))) await t.post("sec-honghe", DIST, { intent: "draft", recordDate: "2026-03-01" });
        },
        base: { notice: { noticeFrom: "2026-03-21", noticeTo: "2026-03-27" } },
        forms: ["notice"],
      },
      {
        as: "sec-honghe",
        url: DIST,
        setup: async (t) => {
          const run = await distRun(t);
          if (run?.status === "draft")
            await t.post("sec-honghe", DIST, {
              intent: "notice",
              version: String(run.version),
              noticeFrom: "2026-03-21",
              noticeTo: "2026-03-27",
            });
          await t.post("sec-honghe", DIST, {
            intent: "objection",
            raisedBy: "村民",
            householdCode: "",
            raisedOn: "2026-03-20",
            content: "大米何时发放",
          });
        },
        base: {
          objection: { raisedBy: "村民代表", householdCode: "H0003", content: "分红标准如何确定" },
          answer: { answer: "按县规定执行" },
        },
        forms: ["objection", "answer", "withdraw"],
      },
      { as: "town-kuandong", url: DIST, setup: toApproval, forms: ["confirm"] },
      {
        as: "sec-honghe",
        url: DIST,
        setup: async (t) => {
          t.day(distDay);
          const run = await distRun(t, "town-kuandong");
          if (run) await t.post("town-kuandong", DIST, { intent: "confirm", version: String(run.version) });
        },
        base: { place: { handoutPlace: "岗上组广场" }, handout: { reference: "签收单1" }, correct: { reason: "户数更正" } },
        forms: ["place", "handout", "correct"],
      },
    ],
    query: ["group"],
  },
  "villages.$code_.distributions.$year_.export.ts": { pages: [{ as: "sec-honghe", url: `${DIST}/export?format=csv`, day: "2026-03-28" }] },
  "villages.$code_.distributions.$year_.notice.tsx": { pages: [{ as: "sec-honghe", url: `${DIST}/notice`, day: "2026-03-28" }] },
  "villages.$code_.distributions.$year_.sheets.tsx": { pages: [{ as: "sec-honghe", url: `${DIST}/sheets?by=leader`, day: "2026-03-28" }] },
  "villages.$code_.rules.tsx": { pages: [{ as: "sec-honghe", url: `/villages/${HONGHE}/rules` }], query: ["from"] },

  "villages.$code.households.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/households`,
        base: { create: { code: fresh("Z"), headName: "模糊户" } },
        forms: ["create"],
      },
    ],
    query: ["page"],
  },
  "villages.$code.households_.$household.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/households/H0002`,
        base: { leave: { leftReason: "迁出" } },
        forms: ["update", "leave"],
      },
    ],
  },
  "villages.$code.households_.import.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/households/import`,
        base: { preview: { file: csv(HOUSEHOLD_CSV) } },
        forms: ["preview"],
        extraForms: [{ fields: { intent: "commit", token: "forged.token" } }],
      },
    ],
  },
  "villages.$code.households_.export.ts": { pages: [{ as: "sec-honghe", url: `/villages/${HONGHE}/households/export?format=csv` }] },
  "villages.$code.households_.import_.check.ts": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/households/import/check`,
        extraForms: [{ multipart: true, fields: { file: csv(HOUSEHOLD_CSV) } }],
      },
    ],
  },
  "villages.$code.members.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/members`,
        base: {
          create: {
            householdCode: "H0003",
            name: fresh("模糊成员"),
            relation: "other",
            sex: "male",
            birthDate: "1980-01-01",
            confirmationBasis: "reform",
            confirmationResolution: "2025年第1次成员大会决议",
          },
        },
        forms: ["create"],
      },
    ],
    query: ["page"],
  },
  "villages.$code.members_.$member.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: "",
        urlFrom: personOf("H0002"),
        base: { loss: { lossReason: "death" } },
        forms: ["update", "loss", "reveal"],
      },
      // the same person once lost: taking the loss back
      { as: "sec-honghe", url: "", urlFrom: personOf("H0002"), setup: lose("H0002"), forms: ["restore"] },
    ],
  },
  "villages.$code.invites.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/invites`,
        setup: async (t) => {
          const d = await t.load<{ households: { rows: { id: number }[] } }>("sec-honghe", `/villages/${HONGHE}/invites?q=H005`);
          tickedHousehold = String(d.households.rows[0].id);
          await t.post("sec-honghe", `/villages/${HONGHE}/invites`, { intent: "households", householdIds: tickedHousehold });
        },
        base: { households: { householdIds: () => tickedHousehold } },
        forms: ["group", "households", "revoke"],
      },
    ],
    query: ["page", "hpage", "state", "q"],
  },
  "villages.$code.shares.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/shares`,
        base: { class: { unitValue: "1.00" }, movement: { householdCode: "H0003", quantity: "1", approvedBy: "村民代表大会" } },
        forms: ["class", "classEdit", "movement"],
      },
    ],
  },
  "villages.$code.shares_.import.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/shares/import`,
        base: {
          preview: {
            file: csv(
              "户号,类别,变动类型,数量,生效日期,批准日期,批准人,对方户号,备注\nH0003,成员股,subscribe,1,2024-01-05,2024-01-05,理事会,,",
            ),
          },
        },
        forms: ["preview"],
        extraForms: [{ fields: { intent: "commit", token: "forged.token" } }],
      },
    ],
  },
  "villages.$code.shares_.export.ts": {
    pages: [{ as: "sec-honghe", url: `/villages/${HONGHE}/shares/export?what=holdings&format=csv&date=2025-12-31` }],
  },
  "villages.$code.shares_.import_.check.ts": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/shares/import/check`,
        extraForms: [{ multipart: true, fields: { file: csv("户号\nH0003") } }],
      },
    ],
  },

  "villages.$code.members_.import.tsx": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/members/import`,
        base: { preview: { file: csv(MEMBER_CSV) } },
        forms: ["preview"],
        extraForms: [{ fields: { intent: "commit", token: "forged.token" } }],
      },
    ],
  },
  "villages.$code.members_.import_.check.ts": {
    pages: [
      {
        as: "sec-honghe",
        url: `/villages/${HONGHE}/members/import/check`,
        extraForms: [{ multipart: true, fields: { file: csv(MEMBER_CSV) } }],
      },
    ],
  },
  "villages.$code.members_.export.ts": {
    pages: [{ as: "sec-honghe", url: `/villages/${HONGHE}/members/export?format=csv&on=2026-01-01` }],
    query: ["full", "current", "template"],
  },
  "villages.$code.members_.print.tsx": { pages: [{ as: "sec-honghe", url: `/villages/${HONGHE}/members/print?on=2026-01-01` }] },

  "api.v1.regions.$code.villages.ts": { pages: [{ as: "bureau-suiyang", url: `/api/v1/regions/${SUIYANG}/villages?year=2025` }] },
  "api.v1.villages.$code._index.ts": { pages: [{ as: "bureau-suiyang", url: `/api/v1/villages/${HONGHE}` }] },
  "api.v1.villages.$code.income.$year.ts": { pages: [{ as: "bureau-suiyang", url: `/api/v1/villages/${HONGHE}/income/2025` }] },
  "api.v1.villages.$code.distributions.$year.ts": {
    pages: [{ as: "bureau-suiyang", url: `${DIST.replace("/villages", "/api/v1/villages")}`, day: "2026-03-28" }],
  },
};
