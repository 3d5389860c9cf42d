import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { HOUSEHOLD_FLAGS } from "./household";
import {
  holdingsTable,
  householdsTable,
  householdsTemplate,
  neutraliseCell,
  shareLedgerTable,
  toCsv,
  toCsvBytes,
  toXlsx,
  type ExportTable,
  type HouseholdExportRow,
} from "./register-export";
import { HOUSEHOLD_COUNT_HEADER, HOUSEHOLD_IGNORED_COLUMNS } from "./register-files";
import { HOUSEHOLD_COLUMNS, parseHouseholdFile, parseShareFile } from "./register-import";

const today = "2026-03-15";

async function readXlsx(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

const injection: ExportTable = {
  header: ["名称", "数量", "备注"],
  rows: [
    ['=HYPERLINK("http://x","点我")', -5, "+1"],
    ["@SUM(A1)", 3.25, "-2+3"],
    ["\tcmd", 12345678901234567890n, "\rx"],
    ["'=already", null, "正常文本"],
    ["a=b", Number.NaN, new Date(Date.UTC(2024, 2, 1))],
  ],
};

describe("neutraliseCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+86 138", "'+86 138"],
    ["-5", "'-5"],
    ["@x", "'@x"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["'=x", "''=x"],
    ["张三", "张三"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j → %j", (input, output) => expect(neutraliseCell(input)).toBe(output));
});

describe("toCsv", () => {
  it("starts with a BOM, ends lines with CRLF, neutralises strings and keeps numbers", () => {
    const text = toCsv(injection);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("名称,数量,备注");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"",""点我"")",-5,'+1`);
    expect(lines[2]).toBe("'@SUM(A1),3.25,'-2+3");
    expect(lines[4]).toBe("''=already,,正常文本");
    expect(lines[5]).toBe("a=b,,2024-03-01");
    expect(toCsvBytes(injection).slice(0, 3)).toEqual(Uint8Array.from([0xef, 0xbb, 0xbf]));
  });
});

describe("toXlsx", () => {
  it("neutralises string cells and writes numbers and dates as such", async () => {
    const sheet = await readXlsx(await toXlsx({ ...injection, sheetName: "bad:name[1]" }));
    expect(sheet.name).toBe("bad name 1 ");
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["名称", "数量", "备注"]);
    expect(sheet.getCell("A2").value).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(sheet.getCell("B2").value).toBe(-5); // a number, not the string "-5"
    expect(sheet.getCell("B2").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell("C2").value).toBe("'+1");
    expect(sheet.getCell("A3").value).toBe("'@SUM(A1)");
    expect(sheet.getCell("C3").value).toBe("'-2+3");
    expect(sheet.getCell("A4").value).toBe("'\tcmd");
    expect(sheet.getCell("B4").value).toBe("12345678901234567890"); // beyond 2^53: exact digits
    // XML reads a raw CR back as LF; what matters is the quote in front.
    expect(sheet.getCell("C4").value).toMatch(/^'[\r\n]x$/);
    expect(sheet.getCell("B6").value).toBeNull();
    expect(sheet.getCell("C6").value).toEqual(new Date(Date.UTC(2024, 2, 1)));
    // no cell anywhere came back as a formula
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});

const sample: HouseholdExportRow[] = [
  { code: "H0001", headName: "张三", group: "一组", leader: "王五", members: 4, flags: ["脱贫户", "模范示范家庭"], joinedOn: "2020-03-01" },
  {
    code: "H0002",
    headName: "=cmd|' /C calc'!A0",
    group: null,
    leader: null,
    members: 0,
    flags: [],
    joinedOn: "2021-01-15",
    leftOn: "2025-01-01",
    leftReason: "迁出",
  },
  { code: "H0003", headName: "-李四", group: "二组", leader: "赵六", members: 30, flags: ["军烈属"], joinedOn: "2022-12-31" },
];
const ctx = { today, groups: ["一组", "二组"], leaders: ["王五", "赵六"] };
const asImported = (h: HouseholdExportRow) => ({
  code: h.code,
  headName: h.headName,
  group: h.group,
  leader: h.leader,
  flags: [...h.flags],
  joinedOn: h.joinedOn,
});

describe("households round trip through the import", () => {
  it.each(["csv", "xlsx"] as const)(
    "%s: exports and imports back unchanged, formulas included; the count is not read back",
    async (format) => {
      const table = householdsTable(sample);
      const data = format === "csv" ? toCsvBytes(table) : await toXlsx(table);
      const { rows, errors, notes } = await parseHouseholdFile({ data, context: ctx });
      expect(errors).toEqual([]);
      expect(rows.map(({ line: _line, ...r }) => r)).toEqual(sample.map(asImported));
      expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
      // the register's count travels out, headed as the register's, and the import says it did not read it
      expect(notes).toEqual([HOUSEHOLD_IGNORED_COLUMNS[0]!.note]);
    },
  );

  it("heads the count column as the 成员名册's, after 联户长, with today's counts", () => {
    const table = householdsTable(sample);
    expect(table.header).toEqual(["户号", "户主姓名", "村民组", "联户长", "人口（成员名册）", "标识", "入社日期", "退社日期", "退社原因"]);
    expect(table.header[4]).toBe(HOUSEHOLD_COUNT_HEADER);
    expect(table.rows.map((r) => r[4])).toEqual([4, 0, 30]);
  });

  it("gives a template with only the columns the import reads: no 人口", async () => {
    const template = householdsTemplate();
    expect(template.header).toEqual(HOUSEHOLD_COLUMNS.map((c) => c.zh));
    expect(template.header.some((h) => h.startsWith("人口"))).toBe(false);
    expect(template.rows).toEqual([]);
    const filled = new TextEncoder().encode(toCsv({ ...template, rows: [["H0001", "张三", "一组", "王五", "", "2020-03-01"]] }));
    const { rows, errors, notes } = await parseHouseholdFile({ data: filled, context: ctx });
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it("any valid household survives CSV and XLSX (property)", async () => {
    const name = fc
      .string({ unit: fc.constantFrom(..."张王李赵abc =+-@'\"，,;、\t\n".split("")), minLength: 1, maxLength: 50 })
      .filter((s) => s.trim() === s && s !== "" && !/[\t\n]/.test(s.slice(-1)) && !/^[\t\n]/.test(s));
    const household = fc.record({
      code: fc.stringMatching(/^[A-Z0-9_-]{1,20}$/),
      headName: name,
      group: fc.constantFrom(null, "一组", "二组"),
      leader: fc.constantFrom(null, "王五"),
      members: fc.integer({ min: 0, max: 30 }),
      flags: fc.subarray([...HOUSEHOLD_FLAGS]),
      joinedOn: fc
        .date({ min: new Date("1990-01-01"), max: new Date("2026-03-15"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(household, { selector: (h) => h.code, minLength: 1, maxLength: 8 }), async (list) => {
        const table = householdsTable(list);
        for (const data of [toCsvBytes(table), await toXlsx(table)]) {
          const { rows, errors } = await parseHouseholdFile({ data, context: ctx });
          expect(errors).toEqual([]);
          expect(rows.map(({ line: _line, ...r }) => r)).toEqual(list.map(asImported));
        }
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});

describe("share exports", () => {
  it("writes the ledger the way the import reads it (unsigned, with the type)", async () => {
    const table = shareLedgerTable([
      {
        householdCode: "H0001",
        shareClass: "member",
        entryType: "subscribe",
        quantity: 15000n,
        effectiveOn: "2024-01-01",
        approvedOn: "2024-01-01",
        approvedBy: "=甲",
      },
      {
        householdCode: "H0001",
        shareClass: "member",
        entryType: "redeem",
        quantity: -5000n,
        effectiveOn: "2024-06-01",
        approvedOn: "2024-06-01",
        approvedBy: "乙",
      },
    ]);
    expect(table.rows[1]).toEqual(["H0001", "成员股", 0.5, "退股", "2024-06-01", "乙", "2024-06-01", null, null]);
    const households = new Map([["H0001", { villageCode: "V", joinedOn: "2020-01-01", leftOn: null }]]);
    for (const data of [toCsvBytes(table), await toXlsx(table)]) {
      const { rows, errors } = await parseShareFile({ data, context: { today, households } });
      expect(errors).toEqual([]);
      expect(rows.map((r) => [r.entryType, r.quantity, r.approvedBy])).toEqual([
        ["subscribe", 15000n, "=甲"],
        ["redeem", 5000n, "乙"],
      ]);
    }
  });

  it("writes holdings as numbers per class", async () => {
    const table = holdingsTable([{ householdCode: "H0001", headName: "张三", holdings: new Map([["land", 123456n]]) }], "2025-12-31");
    const sheet = await readXlsx(await toXlsx(table));
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["户号", "户主姓名", "现金股", "成员股", "土地股", "集体股"]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(["H0001", "张三", 0, 0, 12.3456, 0]);
  });
});
