import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it("takes 8 to 128 characters", () => {
    expect(passwordProblem("Tq7#mzLp")).toBeNull();
    expect(passwordProblem("Tq7#mzL")).toBe("tooShort");
    expect(passwordProblem("x".repeat(64) + "y".repeat(64))).toBeNull();
    expect(passwordProblem("x".repeat(64) + "y".repeat(65))).toBe("tooLong");
  });
  it("counts characters, not bytes: eight Chinese characters are enough", () => {
    expect(passwordProblem("村集体经济台账好")).toBeNull();
    expect(passwordProblem("村集体经济台账")).toBe("tooShort");
  });
  it("refuses the common ones, whatever their case", () => {
    for (const p of ["12345678", "88888888", "woaini1314", "qwerty123", "password", "Password1", "QWERTYUIOP", "1qaz2wsx"]) {
      expect(passwordProblem(p), p).toBe("common");
    }
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("common");
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
  });
  it("refuses the username itself", () => {
    expect(passwordProblem("sec-honghe", "sec-honghe")).toBe("sameAsUsername");
    expect(passwordProblem("SEC-HONGHE", "sec-honghe")).toBe("sameAsUsername");
  });
});
