import { describe, expect, it } from "vitest";
import { allMessageKeys, translate } from "./index";

describe("the message catalogue", () => {
  it("has English for every Chinese message and no Chinese left in the English", () => {
    for (const key of allMessageKeys()) {
      const en = translate("en", key);
      expect(en, key).toBeTruthy();
      // 元/万 (what people type), quoted names (《document titles》, “terms”) and demo markers are the only Chinese the English UI may show
      expect(en.replace(/《[^》]*》|“[^”]*”|示例数据|万元|万|元|中文/g, ""), key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
