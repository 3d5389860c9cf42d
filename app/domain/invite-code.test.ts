import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseForm } from "./form";
import {
  INVITE_ALPHABET,
  INVITE_CODE_LENGTH,
  groupInviteCode,
  inviteExpiry,
  inviteState,
  makeInviteCode,
  memberUsername,
  normaliseInviteCode,
} from "./invite-code";
import { inviteActionSchema, joinCodeSchema, joinPasswordSchema } from "./invite-forms";
import { USERNAME_PATTERN } from "./account-form";

const bytes = (values: number[]) => {
  let at = 0;
  return (n: number) => Uint8Array.from({ length: n }, () => values[at++ % values.length]);
};
const randomSource = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }).filter((a) => a.some((b) => b < 248));
const code = fc.array(fc.constantFrom(...INVITE_ALPHABET), { minLength: 8, maxLength: 8 }).map((a) => a.join(""));

describe("invitation codes", () => {
  it("have no look-alikes: no 0, O, 1, I or L, and 31 characters", () => {
    expect(INVITE_ALPHABET).toHaveLength(31);
    for (const c of "0O1IL") expect(INVITE_ALPHABET).not.toContain(c);
    expect(new Set(INVITE_ALPHABET).size).toBe(31);
  });

  it("are 8 characters of the alphabet, whatever the random bytes", () => {
    fc.assert(
      fc.property(randomSource, (values) => {
        const c = makeInviteCode(bytes(values));
        expect(c).toHaveLength(INVITE_CODE_LENGTH);
        expect([...c].every((ch) => INVITE_ALPHABET.includes(ch))).toBe(true);
      }),
    );
  });

  it("take each character equally often: bytes from 248 up are dropped, not folded onto the first characters", () => {
    // each usable byte gives one character, and each character comes from exactly 8 of the 248 usable bytes
    const from = new Map<string, number>();
    for (let b = 0; b < 248; b++) {
      const c = makeInviteCode(bytes([255, 250, b]));
      expect(c).toBe(INVITE_ALPHABET[b % 31].repeat(8));
      from.set(c[0], (from.get(c[0]) ?? 0) + 1);
    }
    expect(from.size).toBe(31);
    expect([...from.values()].every((n) => n === 8)).toBe(true);
  });

  it("read back as typed: any case, spaces and dashes between, full-width forms", () => {
    fc.assert(
      fc.property(code, fc.array(fc.constantFrom(" ", "-", "  ", "—", "\u3000"), { maxLength: 8 }), fc.boolean(), (c, seps, lower) => {
        const typed = [...c].map((ch, i) => (lower ? ch.toLowerCase() : ch) + (seps[i] ?? "")).join("");
        expect(normaliseInviteCode(typed)).toEqual({ ok: true, code: c });
        expect(normaliseInviteCode(groupInviteCode(c))).toEqual({ ok: true, code: c });
      }),
    );
    expect(normaliseInviteCode("ＡＢＣＤ　２３４５")).toEqual({ ok: true, code: "ABCD2345" });
  });

  it("refuse look-alikes rather than guess them, and say why", () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: 7 }), fc.constantFrom("0", "O", "o", "1", "I", "i", "L", "l"), (c, at, bad) => {
        const typed = c.slice(0, at) + bad + c.slice(at + 1);
        expect(normaliseInviteCode(typed)).toEqual({ ok: false, problem: "lookalike" });
      }),
    );
    expect(normaliseInviteCode("")).toEqual({ ok: false, problem: "empty" });
    expect(normaliseInviteCode(" - ")).toEqual({ ok: false, problem: "empty" });
    expect(normaliseInviteCode("ABC2345")).toEqual({ ok: false, problem: "length" });
    expect(normaliseInviteCode("ABCD23456")).toEqual({ ok: false, problem: "length" });
    expect(normaliseInviteCode("ABCD234邀")).toEqual({ ok: false, problem: "characters" });
    expect(normaliseInviteCode("ABCD%345")).toEqual({ ok: false, problem: "characters" });
  });

  it("are grouped in fours for print", () => {
    expect(groupInviteCode("ABCD2345")).toBe("ABCD 2345");
  });
});

describe("a slip's state", () => {
  const at = fc.date({ min: new Date("2025-01-01"), max: new Date("2030-01-01"), noInvalidDate: true });

  it("is open for 30 days to the millisecond, then expired", () => {
    fc.assert(
      fc.property(at, fc.integer({ min: 0, max: 60 * 86_400_000 }), (created, later) => {
        const expiresAt = inviteExpiry(created);
        expect(expiresAt.getTime() - created.getTime()).toBe(30 * 86_400_000);
        const t = new Date(created.getTime() + later);
        expect(inviteState({ expiresAt, usedAt: null, revokedAt: null }, t)).toBe(later < 30 * 86_400_000 ? "open" : "expired");
      }),
    );
  });

  it("is used or revoked whatever the date, used first", () => {
    fc.assert(
      fc.property(at, at, at, (expiresAt, mark, t) => {
        expect(inviteState({ expiresAt, usedAt: mark, revokedAt: null }, t)).toBe("used");
        expect(inviteState({ expiresAt, usedAt: null, revokedAt: mark }, t)).toBe("revoked");
        expect(inviteState({ expiresAt, usedAt: mark, revokedAt: mark }, t)).toBe("used");
      }),
    );
  });
});

describe("a member's username", () => {
  it("is the village and household codes, a valid username, with -2, -3 … when taken", () => {
    expect(memberUsername("520323102201", "H0001", () => false)).toBe("520323102201-h0001");
    const taken = new Set(["520323102201-h0001", "520323102201-h0001-2"]);
    expect(memberUsername("520323102201", "H0001", (c) => taken.has(c))).toBe("520323102201-h0001-3");
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 5 }), (household, n) => {
        const names = new Set<string>();
        const base = memberUsername("520323102201", household, () => false);
        names.add(base);
        for (let i = 2; i < n + 2; i++) names.add(`${base}-${i}`);
        const u = memberUsername("520323102201", household, (c) => names.has(c));
        expect(names.has(u)).toBe(false);
        expect(u).toMatch(USERNAME_PATTERN);
      }),
    );
  });
});

type Errors = Record<string, { zh: string }[] | null> | undefined;
const errorsOf = (submission: unknown): Errors => (submission as { error?: Errors }).error;

describe("the forms", () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };

  it("read a typed code canonical, and refuse a bad one with its message", () => {
    const ok = parseForm(form([["code", " abcd-2345 "]]), joinCodeSchema);
    expect(ok.status === "success" && ok.value.code).toBe("ABCD2345");
    const bad = parseForm(form([["code", "ABCD 2340"]]), joinCodeSchema);
    expect(bad.status).toBe("error");
    expect(errorsOf(bad)?.code?.[0]?.zh).toContain("没有数字 0");
  });

  it("hold the password to the policy, and the two to each other", () => {
    const schema = joinPasswordSchema({ username: "520323102201-h0001" });
    const submit = (password: string, confirm: string) =>
      parseForm(
        form([
          ["intent", "join"],
          ["password", password],
          ["confirm", confirm],
        ]),
        schema,
      );
    expect(errorsOf(submit("short", "short"))?.password?.[0]?.zh).toBe("密码至少 8 个字符");
    expect(errorsOf(submit("password", "password"))?.password?.[0]?.zh).toContain("太常见");
    expect(errorsOf(submit("520323102201-h0001", "520323102201-h0001"))?.password?.[0]?.zh).toBe("密码不能与用户名相同");
    expect(errorsOf(submit("Tea-Hills-2026", "Tea-Hills-2027"))?.confirm?.[0]?.zh).toBe("两次输入的密码不一致");
    expect(submit("Tea-Hills-2026", "Tea-Hills-2026").status).toBe("success");
  });

  it("take one household or several ticked, at most 300, and refuse none", () => {
    const one = parseForm(
      form([
        ["intent", "households"],
        ["householdIds", "7"],
      ]),
      inviteActionSchema,
    );
    expect(one.status === "success" && one.value).toEqual({ intent: "households", householdIds: [7] });
    const none = parseForm(form([["intent", "households"]]), inviteActionSchema);
    expect(none.status).toBe("error");
    const many = parseForm(
      form([["intent", "households"], ...Array.from({ length: 301 }, (_, i): [string, string] => ["householdIds", String(i + 1)])]),
      inviteActionSchema,
    );
    expect(errorsOf(many)?.householdIds?.[0]?.zh).toContain("最多");
    const group = parseForm(
      form([
        ["intent", "group"],
        ["groupId", "3"],
        ["skipJoined", "on"],
      ]),
      inviteActionSchema,
    );
    expect(group.status === "success" && group.value).toEqual({ intent: "group", groupId: 3, skipJoined: true });
  });
});
