import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./form";
import { id, text } from "./input";

const schema = z.object({ name: text({ max: 20, min: 1 }), groupId: id().optional() });
const form = (entries: [string, string | File][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("parseForm", () => {
  it("parses a form and a query alike", () => {
    for (const payload of [
      form([
        ["name", " 岗上组 "],
        ["groupId", "7"],
      ]),
      new URLSearchParams({ name: " 岗上组 ", groupId: "7" }),
    ]) {
      const s = parseForm(payload, schema);
      expect(s.status === "success" ? s.value : s.error).toEqual({ name: "岗上组", groupId: 7 });
    }
  });

  it("refuses a NUL, a file in a text field, a repeated key and an id beyond the integer range", () => {
    const bad: [string, string | File][][] = [
      [["name", "a\u0000b"]],
      [["name", new File(["x"], "x.txt")]],
      [
        ["name", "a"],
        ["name", "b"],
      ],
      [
        ["name", "a"],
        ["groupId", "9007199254740993"],
      ],
      [
        ["name", "a"],
        ["groupId", "abc"],
      ],
    ];
    for (const entries of bad) expect(parseForm(form(entries), schema).status, JSON.stringify(entries)).toBe("error");
  });

  it("never throws on conform's reserved names: a broken intent or state is dropped", () => {
    for (const [k, v] of [
      ["__intent__", "{"],
      ["__intent__", "abc"],
      ["__intent__", '{"type":"remove","payload":{"name":1}}'],
      ["__state__", "x"],
      ["__intent__", new File(["{}"], "i.json")],
    ] as [string, string | File][]) {
      const s = parseForm(
        form([
          ["name", "岗上组"],
          [k, v],
        ]),
        schema,
      );
      expect(s.status === "success" ? s.value : s.error, String(v)).toEqual({ name: "岗上组" });
      expect(
        parseForm(
          new URLSearchParams([
            ["name", "岗上组"],
            [k, typeof v === "string" ? v : "x"],
          ]),
          schema,
        ).status,
      ).toBe("success");
    }
  });
});
