import { describe, expect, it } from "vitest";
import { INVALID_VALUE, messageOfText, said } from "./message";

describe("said: zod messages in both languages", () => {
  it("gives the Chinese text to zod and the pair back from it", () => {
    expect(said("测试用的提示", "A test message")).toBe("测试用的提示");
    expect(messageOfText("测试用的提示")).toEqual({ zh: "测试用的提示", en: "A test message" });
  });
  it("a text nobody said (zod's own English) is the generic message", () => {
    expect(messageOfText("Expected string, received number")).toEqual(INVALID_VALUE);
  });
  it("the same Chinese said with two different English texts is a mistake caught at once", () => {
    said("另一条提示", "Another message");
    expect(() => said("另一条提示", "Something else")).toThrow(/both as/);
  });
});
