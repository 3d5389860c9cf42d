import { describe, expect, it } from "vitest";
import { date, money, moneyBig } from "./format";

describe("locale formatting", () => {
  it("shows exact amounts in 元 in Chinese and ¥ in English", () => {
    expect(money(14_093_000n, "zh-CN")).toBe("140,930.00 元");
    expect(money(14_093_000n, "en")).toBe("¥140,930.00");
  });
  it("uses 万元 for large sums in Chinese only, exactly", () => {
    expect(moneyBig(14_093_000n, "zh-CN")).toBe("14.093万元");
    expect(moneyBig(123_456n, "zh-CN")).toBe("1,234.56 元");
    expect(moneyBig(-10_000_001n, "zh-CN")).toBe("-10.000001万元");
    expect(moneyBig(14_093_000n, "en")).toBe("¥140,930.00");
  });
  it("writes dates the way each language reads them", () => {
    expect(date("2026-03-01", "zh-CN")).toBe("2026年3月1日");
    expect(date("2026-03-01", "en")).toBe("1 Mar 2026");
    expect(date(null, "en")).toBe("—");
  });
});
