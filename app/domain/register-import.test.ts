import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import {
  MAX_IMPORT_ROWS,
  parseHouseholdFile,
  parseShareFile,
  type HouseholdImportContext,
  type ShareImportContext,
} from "./register-import";
import { HOUSEHOLD_COUNT_HEADER, HOUSEHOLD_IGNORED_COLUMNS } from "./register-files";
import { decodeText, detectFormat } from "./register-read";
import type { HouseholdStatus } from "./shares";

const today = "2026-03-15";
const HEADER = "户号,户主姓名,村民组,联户长,标识,入社日期";
/** what the preview says about a 人口 column: once, whatever its cells */
const COUNT_NOT_READ = HOUSEHOLD_IGNORED_COLUMNS[0]!.note;
const ctx: HouseholdImportContext = { today, existingCodes: ["H9999"], groups: ["一组", "二组", "三组"], leaders: ["王五", "赵六"] };

const csv = (...lines: string[]) => new TextEncoder().encode("\uFEFF" + lines.join("\r\n") + "\r\n");

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("农户");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function households(n: number, start = 1): string[] {
  return Array.from({ length: n }, (_, i) => {
    const k = start + i;
    return `H${String(k).padStart(4, "0")},户主${k},${["一组", "二组", "三组"][k % 3]},${["王五", "赵六"][k % 2]},${k % 5 === 0 ? "脱贫户、低保户" : ""},2020-0${(k % 9) + 1}-15`;
  });
}

describe("parseHouseholdFile: CSV", () => {
  it("reads good rows, stripping the BOM, with the file's line numbers", async () => {
    const { rows, errors, notes } = await parseHouseholdFile({
      data: csv(HEADER, "H0001,张三,一组,王五,脱贫户;模范示范家庭,2024-03-01", "", "H0002, 李四 ,二组,,,2024/3/5"),
      context: ctx,
    });
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        code: "H0001",
        headName: "张三",
        group: "一组",
        leader: "王五",
        flags: ["脱贫户", "模范示范家庭"],
        joinedOn: "2024-03-01",
      },
      // a blank line 3 keeps its number, as the spreadsheet shows it
      { line: 4, code: "H0002", headName: "李四", group: "二组", leader: null, flags: [], joinedOn: "2024-03-05" },
    ]);
  });

  it("imports a file with a 人口 column (our own export's) without reading it, and says so once", async () => {
    for (const name of ["人口", HOUSEHOLD_COUNT_HEADER, "人口数", "members"]) {
      const header = `户号,户主姓名,村民组,联户长,${name},标识,入社日期`;
      // cells the old count refused (negative, words, blank, over 30) are not even looked at
      const lines = [
        "H0001,张三,一组,王五,-1,,2024-03-01",
        "H0002,李四,二组,,很多,,2024-03-01",
        "H0003,王二,,,,,2024-03-01",
        "H0004,赵一,,,99,,2024-03-01",
      ];
      const { rows, errors, notes } = await parseHouseholdFile({ data: csv(header, ...lines), context: ctx });
      expect(errors).toEqual([]);
      expect(notes).toEqual([COUNT_NOT_READ]);
      expect(rows.map((r) => r.code)).toEqual(["H0001", "H0002", "H0003", "H0004"]);
      for (const r of rows) expect(r).not.toHaveProperty("members");
      // the rest of the row is read as ever, whatever the ignored column held
      expect(rows[0]).toEqual({
        line: 2,
        code: "H0001",
        headName: "张三",
        group: "一组",
        leader: "王五",
        flags: [],
        joinedOn: "2024-03-01",
      });
    }
    expect(COUNT_NOT_READ.zh).toContain("成员名册");
    expect(COUNT_NOT_READ.en).toContain("member register");
  });

  it("says nothing about a column it does not know at all, and reads the file the same", async () => {
    const { rows, errors, notes } = await parseHouseholdFile({
      data: csv("户号,户主姓名,备注,入社日期", "H0001,张三,随便写,2024-03-01"),
      context: ctx,
    });
    expect(errors).toEqual([]);
    expect(notes).toEqual([]);
    expect(rows).toEqual([{ line: 2, code: "H0001", headName: "张三", group: null, leader: null, flags: [], joinedOn: "2024-03-01" }]);
  });

  it("accepts the English header names and a title row above the header", async () => {
    const { rows, errors, notes } = await parseHouseholdFile({
      data: csv("红河村农户名册,,,", "Code,Head name,Members,Joined on", "H0001,Zhang San,3,2024-03-01"),
      context: { today },
    });
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 3, code: "H0001", headName: "Zhang San", group: null, leader: null, flags: [], joinedOn: "2024-03-01" }]);
    expect(notes).toEqual([COUNT_NOT_READ]);
  });

  it("finds the delimiter by the header: comma, tab or semicolon, whatever the cells hold", async () => {
    for (const d of [",", "\t", ";"]) {
      const other = d === "," ? ";" : ",";
      const data = csv(["户号", "户主姓名", "人口", "入社日期"].join(d), ["H1", `"张${other}${other}三"`, "3", "2024-03-01"].join(d));
      const { rows, errors } = await parseHouseholdFile({ data, context: { today } });
      expect(errors).toEqual([]);
      expect(rows.map((r) => r.headName)).toEqual([`张${other}${other}三`]);
    }
  });

  it("lists every bad row with its line and field, in both languages", async () => {
    const { rows, errors } = await parseHouseholdFile({
      data: csv(
        HEADER,
        `H0001,${"张".repeat(51)},一组,王五,,2024-03-01`,
        "H0002,,一组,王五,,2024-03-01",
        "H0003,王二,五组,王五,,2024-03-01",
        "H0004,赵一,一组,孙七,富户,2024-02-30",
        "H0001,张三丰,一组,王五,,2024-03-01",
        "H9999,钱二,一组,王五,,2027-01-01",
        "H0005,孙三,二组,赵六,五保户,2024-03-01",
      ),
      context: ctx,
    });
    expect(rows.map((r) => r.line)).toEqual([8]);
    expect(errors).toEqual([
      { line: 2, field: "headName", zh: "第2行：户主姓名不能超过50个字", en: "Line 2: The head's name is at most 50 characters" },
      { line: 3, field: "headName", zh: "第3行：请填写户主姓名", en: "Line 3: Enter the head of household's name" },
      {
        line: 4,
        field: "group",
        zh: "第4行：村民组“五组”不存在，可选：一组、二组、三组",
        en: 'Line 4: unknown villager group "五组"; valid: 一组, 二组, 三组',
      },
      expect.objectContaining({ line: 5, field: "flags" }),
      {
        line: 5,
        field: "joinedOn",
        zh: "第5行：入社日期不是有效日期（如 2024-03-01）",
        en: "Line 5: 入社日期 is not a real date (e.g. 2024-03-01)",
      },
      expect.objectContaining({ line: 5, field: "leader", zh: "第5行：联户长“孙七”不存在，可选：王五、赵六" }),
      { line: 6, field: "code", zh: "第6行：户号 H0001 与第2行重复", en: "Line 6: household number H0001 repeats line 2" },
      { line: 7, field: "joinedOn", zh: "第7行：入社日期不能晚于今天", en: "Line 7: 入社日期 cannot be in the future" },
      { line: 7, field: "code", zh: "第7行：户号 H9999 已存在", en: "Line 7: household number H9999 already exists" },
    ]);
  });

  it("reports a missing column on the header line, and a file without a header", async () => {
    const missing = await parseHouseholdFile({ data: csv("户号,户主姓名,人口", "H1,张三,3"), context: ctx });
    expect(missing).toEqual({
      rows: [],
      errors: [{ line: 1, field: "joinedOn", zh: "第1行：缺少“入社日期”列", en: 'Line 1: the column "入社日期" (joinedOn) is missing' }],
    });
    const none = await parseHouseholdFile({ data: csv("a,b,c", "1,2,3"), context: ctx });
    expect(none.errors).toMatchObject([{ line: 0, field: "file" }]);
  });

  it("reads a GBK-encoded CSV (Excel on Chinese Windows)", async () => {
    const gbk = Uint8Array.from(
      Buffer.from(
        "bba7bac52cbba7d6f7d0d5c3fb2cb4e5c3f1d7e92cc8cbbfda2cc8ebc9e7c8d5c6da0d0a48303030312cd5c5c8fd2cd2bbd7e92c332c323032342d30332d30310d0a48303030322cc0eecbc42cb6fed7e92c322c323032342f332f350d0a",
        "hex",
      ),
    );
    expect(decodeText(gbk).startsWith("户号,户主姓名")).toBe(true);
    const { rows, errors, notes } = await parseHouseholdFile({ data: gbk, context: ctx });
    expect(errors).toEqual([]);
    expect(notes).toEqual([COUNT_NOT_READ]);
    expect(rows.map((r) => [r.code, r.headName, r.group, r.joinedOn])).toEqual([
      ["H0001", "张三", "一组", "2024-03-01"],
      ["H0002", "李四", "二组", "2024-03-05"],
    ]);
  });

  it("refuses more than 20,000 rows as a whole", async () => {
    const data = csv(HEADER, ...households(MAX_IMPORT_ROWS + 1001));
    const r = await parseHouseholdFile({ data, context: { today } });
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { line: 0, field: "file", zh: "文件超过 20000 行，请分批导入", en: "The file has more than 20000 rows: import it in parts" },
    ]);
  });

  it("reports progress every 500 rows and at the end", async () => {
    const seen: [number, number][] = [];
    const r = await parseHouseholdFile({
      data: csv(HEADER, ...households(1200)),
      context: ctx,
      onProgress: (p) => seen.push([p.done, p.total]),
    });
    expect(r.errors).toEqual([]);
    expect(seen).toEqual([
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
  });

  it("refuses an old binary .xls", async () => {
    const r = await parseHouseholdFile({ data: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), context: ctx });
    expect(r.errors[0]!.zh).toContain(".xls");
    expect(detectFormat(Uint8Array.from([0x50, 0x4b, 3, 4]))).toBe("xlsx");
  });
});

describe("parseHouseholdFile: XLSX", () => {
  it("reads date cells, Excel serial numbers, numeric codes and rich text; a 人口 column's numbers are not read", async () => {
    const data = await xlsx([
      ["红河村农户名册"],
      ["户号", "户主姓名", "村民组", "人口", "标识", "入社日期"],
      ["H0001", "张三", "一组", 4, "脱贫户", new Date(Date.UTC(2024, 2, 1))],
      [1002, { richText: [{ text: "李" }, { text: "四" }] }, "二组", "2", "", 45352],
      ["H0003", "王五", "三组", 3.5, "", "2024年3月1日"],
    ]);
    const { rows, errors, notes } = await parseHouseholdFile({ data, fileName: "households.xlsx", context: ctx });
    expect(rows).toEqual([
      { line: 3, code: "H0001", headName: "张三", group: "一组", leader: null, flags: ["脱贫户"], joinedOn: "2024-03-01" },
      { line: 4, code: "1002", headName: "李四", group: "二组", leader: null, flags: [], joinedOn: "2024-03-01" },
      // 3.5 in 人口 was refused when the import read it; now the count is the register's
      { line: 5, code: "H0003", headName: "王五", group: "三组", leader: null, flags: [], joinedOn: "2024-03-01" },
    ]);
    expect(errors).toEqual([]);
    expect(notes).toEqual([COUNT_NOT_READ]);
  });
});

describe("parseShareFile", () => {
  const member = (code: string, joinedOn = "2020-01-01", leftOn: string | null = null): [string, HouseholdStatus] => [
    code,
    { villageCode: "V", joinedOn, leftOn, code },
  ];
  const sctx: ShareImportContext = {
    today,
    households: new Map([member("H0001"), member("H0002"), member("H0003", "2025-01-01"), member("H0004", "2020-01-01", "2024-12-31")]),
    shareClasses: ["cash", "member", "land"],
    ledger: [{ householdId: "H0002", shareClassId: "member", entryType: "subscribe", quantity: 30000n, effectiveOn: "2024-01-01" }],
  };
  const SH = "户号,股份类别,股数,变动类型,日期,批准人";

  it("says 第17行：股数不能为负 for a negative count on line 17", async () => {
    const good = Array.from({ length: 15 }, (_, i) => `H0001,现金股,${i + 1},认购,2024-01-0${(i % 9) + 1},村股东代表大会`);
    const { rows, errors } = await parseShareFile({
      data: csv(SH, ...good, "H0001,现金股,-5,认购,2024-03-01,村股东代表大会"),
      context: sctx,
    });
    expect(rows).toHaveLength(15);
    expect(errors).toEqual([{ line: 17, field: "quantity", zh: "第17行：股数不能为负", en: "Line 17: Shares cannot be negative" }]);
  });

  it("reads Chinese and English names and exact quantities", async () => {
    const { rows, errors } = await parseShareFile({
      data: csv(
        SH,
        "H0001,成员股,1.5,认购,2024/3/1,张书记",
        "H0001,land,2,increase,2024-03-02,Zhang",
        "H0001,现金,10,,2024-03-03,张书记",
        "H0002,成员股,3,退股,2024-06-01,张书记",
      ),
      context: sctx,
    });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        householdCode: "H0001",
        shareClass: "member",
        quantity: 15000n,
        entryType: "subscribe",
        effectiveOn: "2024-03-01",
        approvedBy: "张书记",
      },
      {
        line: 3,
        householdCode: "H0001",
        shareClass: "land",
        quantity: 20000n,
        entryType: "increase",
        effectiveOn: "2024-03-02",
        approvedBy: "Zhang",
      },
      {
        line: 4,
        householdCode: "H0001",
        shareClass: "cash",
        quantity: 100000n,
        entryType: "subscribe",
        effectiveOn: "2024-03-03",
        approvedBy: "张书记",
      },
      {
        line: 5,
        householdCode: "H0002",
        shareClass: "member",
        quantity: 30000n,
        entryType: "redeem",
        effectiveOn: "2024-06-01",
        approvedBy: "张书记",
      },
    ]);
  });

  it("checks rows against the register, the ledger and each other, in date order", async () => {
    const { rows, errors } = await parseShareFile({
      data: csv(
        SH,
        "H0001,现金股,5,退股,2024-06-01,甲", // fine: line 3 subscribes earlier in the year
        "H0001,现金股,10,认购,2024-01-01,甲",
        "H0002,成员股,4,退股,2024-06-01,甲", // holds 3 from the ledger
        "H0404,现金股,1,认购,2024-01-01,甲",
        "H0001,集体股,1,认购,2024-01-01,甲",
        "H0003,现金股,1,认购,2024-06-01,甲", // joins in 2025
        "H0001,现金股,1,转让,2024-06-01,甲",
        "H0001,现金股,1.23456,认购,2024-06-01,",
        "H0001,现金股,0,认购,2024-06-01,甲",
      ),
      context: sctx,
    });
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(errors.map((e) => [e.line, e.field, e.zh])).toEqual([
      [4, "row", "第4行：4 股超过户 H0002 在 2024-06-01 的持股（3 股）"],
      [5, "householdCode", "第5行：户号 H0404 不存在，请先导入农户"],
      [6, "shareClass", "第6行：本村没有“集体股”类别，请先设置股份类别"],
      [7, "row", "第7行：户 H0003 在 2024-06-01 不是本社成员（未入社或已退社）"],
      [8, "entryType", "第8行：导入不支持转让，请在股权台账中逐笔登记"],
      [9, "quantity", "第9行：股数最多四位小数"],
      [9, "approvedBy", "第9行：请填写批准人（不超过100字）"],
      [10, "quantity", "第10行：股数必须大于 0"],
    ]);
  });

  it("reads an XLSX with numeric quantities and date cells", async () => {
    const data = await xlsx([
      ["户号", "股份类别", "股数", "变动类型", "日期", "批准人"],
      ["H0001", "土地股", 2.5, "认购", new Date(Date.UTC(2024, 0, 15)), "甲"],
      ["H0001", "土地股", -1, "增持", new Date(Date.UTC(2024, 0, 15)), "甲"],
    ]);
    const { rows, errors } = await parseShareFile({ data, context: sctx });
    expect(rows).toMatchObject([{ line: 2, shareClass: "land", quantity: 25000n, effectiveOn: "2024-01-15" }]);
    expect(errors).toEqual([{ line: 3, field: "quantity", zh: "第3行：股数不能为负", en: "Line 3: Shares cannot be negative" }]);
  });
});

describe("a register of 2,000 households", () => {
  // how long it takes is measured by scripts/bench-import.ts (docs/benchmarks.md), not here
  it("parses 2,000 rows of CSV and of XLSX, every row and no error", async () => {
    const lines = households(2000);
    const csvData = csv(HEADER, ...lines);
    // the XLSX as our export writes it: with the register's count, a number cell the import does not read
    const withCount = (cells: string[], count: ExcelJS.CellValue) => [...cells.slice(0, 4), count, ...cells.slice(4)];
    const xlsxData = await xlsx([
      withCount(HEADER.split(","), HOUSEHOLD_COUNT_HEADER),
      ...lines.map((l, i) => withCount(l.split(","), (i % 6) + 1)),
    ]);
    for (const data of [csvData, xlsxData]) {
      const r = await parseHouseholdFile({ data, context: ctx });
      expect(r.errors).toEqual([]);
      expect(r.rows).toHaveLength(2000);
    }
  });
});
