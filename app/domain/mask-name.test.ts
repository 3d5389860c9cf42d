import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskName } from "./mask-name";

describe("maskName", () => {
  it("masks as 公示 lists do", () => {
    expect(maskName("罗春强")).toBe("罗*强");
    expect(maskName("罗强")).toBe("罗*");
    expect(maskName("欧阳春强")).toBe("欧*强");
    expect(maskName(" 刘有容 ")).toBe("刘*容");
    expect(maskName("王")).toBe("*");
    expect(maskName("")).toBe("");
  });

  it("counts a character outside the BMP as one", () => {
    expect(maskName("𠀋春强")).toBe("𠀋*强");
    expect(maskName("张𠀋")).toBe("张*");
  });

  it("never shows more than two characters of the name, nor the middle ones", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(..."王李张刘陈杨黄赵吴周春强有容友珍"), { minLength: 3, maxLength: 6 }), (chars) => {
        const masked = Array.from(maskName(chars.join("")));
        expect(masked).toEqual([chars[0], "*", chars[chars.length - 1]]);
      }),
    );
  });
});
