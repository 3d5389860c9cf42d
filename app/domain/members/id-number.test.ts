import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  birthDateOf,
  checkCharacter,
  idNumberProblem,
  isValidIdNumber,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
  sexOf,
} from "./id-number";
import { FULL_ID_NUMBER } from "./view";

const pad = (n: number, w: number) => String(n).padStart(w, "0");
/** a real date 1900-01-01 … 2099-12-31 */
const birthDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const address = fc.integer({ min: 110000, max: 659999 }).map((n) => pad(n, 6));
const sequence = fc.integer({ min: 0, max: 999 });
const idNumber = fc.tuple(address, birthDate, sequence).map(([a, b, s]) => makeIdNumber(a, b, s));
const CHARS = "0123456789X";

describe("ID numbers (GB 11643)", () => {
  it("a made number is valid and gives back its birth date and sex (odd sequence: male)", () => {
    fc.assert(
      fc.property(address, birthDate, sequence, (a, b, s) => {
        const id = makeIdNumber(a, b, s);
        expect(id).toHaveLength(18);
        expect(idNumberProblem(id)).toBeNull();
        expect(birthDateOf(id)).toBe(b);
        expect(sexOf(id)).toBe(s % 2 === 1 ? "male" : "female");
      }),
    );
  });

  it("the published example checks (11010519491231002X)", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(checkCharacter("11010519491231002")).toBe("X");
    expect(idNumberProblem("110105194912310021")).toBe("check_digit");
  });

  it("any change of a single character is detected", () => {
    fc.assert(
      fc.property(idNumber, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, at, shift) => {
        const chars = at === 17 ? CHARS : CHARS.slice(0, 10);
        const other = chars[(chars.indexOf(id[at]!) + shift) % chars.length]!;
        fc.pre(other !== id[at]);
        const changed = id.slice(0, at) + other + id.slice(at + 1);
        expect(isValidIdNumber(changed), `${id} → ${changed}`).toBe(false);
      }),
    );
  });

  it("swapping two different neighbouring digits of the first seventeen is detected", () => {
    fc.assert(
      fc.property(idNumber, fc.integer({ min: 0, max: 15 }), (id, at) => {
        fc.pre(id[at] !== id[at + 1]);
        const swapped = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
        expect(isValidIdNumber(swapped)).toBe(false);
      }),
    );
  });

  it("the wrong shape, or an impossible birth date, is named as such", () => {
    expect(idNumberProblem("52030419800101123")).toBe("shape");
    expect(idNumberProblem("5203041980010112345")).toBe("shape");
    expect(idNumberProblem("52030419800101123Y")).toBe("shape");
    expect(idNumberProblem("X20304198001011234")).toBe("shape");
    const feb30 = "52030419800230123";
    expect(idNumberProblem(feb30 + checkCharacter(feb30))).toBe("birth_date");
  });

  it("what people type is made plain: spaces, full-width digits, a small x", () => {
    fc.assert(
      fc.property(idNumber, fc.boolean(), (id, wide) => {
        const typed = (wide ? id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : id)
          .toLowerCase()
          .replace(/(.{6})(.{8})/, "$1 $2 ");
        expect(normaliseIdNumber(typed)).toBe(id);
      }),
    );
  });

  it("the mask shows only the first four and the last four", () => {
    fc.assert(
      fc.property(idNumber, (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(0, 4)).toBe(id.slice(0, 4));
        expect(masked.slice(4, 14)).toBe("*".repeat(10));
        expect(masked.slice(14)).toBe(id.slice(14));
        expect(FULL_ID_NUMBER.test(masked)).toBe(false);
        expect(FULL_ID_NUMBER.test(`身份证号${id}。`)).toBe(true);
      }),
    );
    expect(maskIdNumber("520304198001011234")).toBe("5203**********1234");
    expect(maskIdNumber("12345")).toBe("*****");
  });

  it("a phone shows its first three and last four", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("138 1234 5678")).toBe("138****5678");
    expect(maskPhone("12")).toBe("****");
  });
});
