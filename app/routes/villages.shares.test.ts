import { count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { shareClasses, shareLedger } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { errorsOf } from "../../tests/remix";
import { get, postForm, statusOf } from "../../tests/registers";
import { loader as exportLoader } from "./villages.$code.shares_.export";
import { action, loader } from "./villages.$code.shares";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const path = `/villages/${HONGHE}/shares`;
const p = { code: HONGHE };
let sec: string, town: string, bureau: string;

beforeAll(async () => {
  await seededDatabase();
  [sec, town, bureau] = await Promise.all(["sec-honghe", "town-kuandong", "bureau-suiyang"].map(cookieFor));
});

type PageData = Awaited<ReturnType<typeof loader>>;
const page = async (search = "", cookie = sec) => (await get(loader, `${path}${search}`, p, cookie)) as PageData;

async function ledgerCount() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(shareLedger).where(eq(shareLedger.villageCode, HONGHE));
  return Number(n);
}

const move = (form: Record<string, string>) =>
  postForm(action, path, p, sec, {
    intent: "movement",
    counterpartyCode: "",
    effectiveOn: "2025-12-01",
    approvedOn: "2025-12-05",
    approvedBy: "理事会",
    note: "",
    ...form,
  });

describe("/villages/:code/shares — reading", () => {
  it("shows the classes, the holders on a date fifty at a time, and the ledger newest first", async () => {
    const d = await page();
    expect(d.classes.map((c) => c.kind)).toEqual(["member"]);
    expect(d.classes[0].total).toBe("450");
    expect(d.holderCount).toBe(450);
    expect(d.holders.total).toBe(450);
    expect(d.holders.rows).toHaveLength(50);
    expect(d.holders.rows[0]).toMatchObject({ code: "H0001" });
    expect(Object.values(d.holders.rows[0].holdings)).toEqual(["1"]);
    expect(d.ledger.total).toBe(450);
    const dates = d.ledger.rows.map((r) => r.effectiveOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await page("?hpage=2&lpage=3");
    expect(second.holders.rows[0]).toMatchObject({ code: "H0051" });
    expect(second.ledger.page).toBe(3);
    // before anyone joined, nobody held anything
    const early = await page("?date=2015-01-01");
    expect(early.holders.total).toBe(0);
    expect(early.date).toBe("2015-01-01");
  });

  it("answers nonsense parameters with a 400", async () => {
    for (const search of ["?date=2025-02-30", "?date=yesterday", "?hpage=0", "?lpage=x"]) {
      expect(statusOf(await get(loader, `${path}${search}`, p, sec)), search).toBe(400);
    }
  });

  it("refuses another village's secretary; the town and the county read but cannot write", async () => {
    expect(statusOf(await get(loader, `/villages/${CHASHAN}/shares`, { code: CHASHAN }, sec))).toBe(403);
    expect(
      statusOf(
        await postForm(action, `/villages/${CHASHAN}/shares`, { code: CHASHAN }, sec, {
          intent: "class",
          kind: "land",
          name: "",
          unitValue: "0",
        }),
      ),
    ).toBe(403);
    const before = await ledgerCount();
    for (const reader of [town, bureau]) {
      expect((await page("", reader)).canEdit).toBe(false);
      expect(
        statusOf(
          await postForm(action, path, p, reader, {
            intent: "movement",
            type: "subscribe",
            householdCode: "H0001",
            shareClassId: "1",
            quantity: "1",
            effectiveOn: "2025-12-01",
            approvedOn: "2025-12-01",
            approvedBy: "x",
            note: "",
          }),
        ),
      ).toBe(403);
    }
    expect(await ledgerCount()).toBe(before);
  });
});

describe("/villages/:code/shares — classes and movements", () => {
  let cash: number;

  it("creates a 现金股 class with its unit value, once; edits the value in 万元", async () => {
    expect(statusOf(await postForm(action, path, p, sec, { intent: "class", kind: "cash", name: "", unitValue: "1,000" }))).toBe(302);
    const dup = await postForm(action, path, p, sec, { intent: "class", kind: "cash", name: "", unitValue: "5" });
    expect(statusOf(dup)).toBe(400);
    expect(errorsOf(dup).kind.zh).toContain("已有");
    expect(statusOf(await postForm(action, path, p, sec, { intent: "class", kind: "gold", name: "", unitValue: "5" }))).toBe(400);
    expect(statusOf(await postForm(action, path, p, sec, { intent: "class", kind: "land", name: "", unitValue: "很多" }))).toBe(400);
    const db = await getDb();
    const [row] = await db.select().from(shareClasses).where(eq(shareClasses.villageCode, HONGHE)).orderBy(shareClasses.id).offset(1);
    expect(row).toMatchObject({ kind: "cash", name: "现金股", unitValueFen: 100_000n });
    cash = row.id;
    expect(
      statusOf(await postForm(action, path, p, sec, { intent: "classEdit", id: String(cash), name: "现金股（集资）", unitValue: "0.1万" })),
    ).toBe(302);
    const d = await page();
    expect(d.classes.find((c) => c.id === cash)).toMatchObject({ name: "现金股（集资）", unitValue: "1000.00" });
  });

  it("records subscribe, transfer and redeem; a transfer beyond the holding is refused", async () => {
    expect(statusOf(await move({ type: "subscribe", householdCode: "H0003", shareClassId: String(cash), quantity: "10" }))).toBe(302);
    expect(
      statusOf(
        await move({ type: "transfer", householdCode: "H0003", counterpartyCode: "H0004", shareClassId: String(cash), quantity: "4.5" }),
      ),
    ).toBe(302);
    const before = await ledgerCount();
    const tooMuch = await move({
      type: "transfer",
      householdCode: "H0004",
      counterpartyCode: "H0005",
      shareClassId: String(cash),
      quantity: "5",
    });
    expect(statusOf(tooMuch)).toBe(400);
    expect(errorsOf(tooMuch)._form.zh).toContain("超过");
    expect(statusOf(await move({ type: "redeem", householdCode: "H0004", shareClassId: String(cash), quantity: "4.5" }))).toBe(302);
    expect(await ledgerCount()).toBe(before + 1);
    const d = await page("?date=2025-12-01");
    const h3 = d.holders.rows.find((r) => r.code === "H0003")!;
    expect(h3.holdings[String(cash)]).toBe("5.5");
    expect(d.holders.rows.find((r) => r.code === "H0004")!.holdings[String(cash)]).toBeUndefined();
    expect(d.ledger.rows[0]).toMatchObject({ entryType: "redeem", quantity: "-4.5", householdCode: "H0004" });
  });

  it("gives a bad movement back as a 400 with the field's message, nothing written", async () => {
    const before = await ledgerCount();
    const cases: [Record<string, string>, string][] = [
      [{ type: "subscribe", householdCode: "H0003", shareClassId: String(cash), quantity: "1", effectiveOn: "2099-01-01" }, "effectiveOn"],
      [{ type: "subscribe", householdCode: "H0003", shareClassId: String(cash), quantity: "-1" }, "quantity"],
      [{ type: "subscribe", householdCode: "H0003", shareClassId: String(cash), quantity: "1.23456" }, "quantity"],
      [{ type: "subscribe", householdCode: "H9999", shareClassId: String(cash), quantity: "1" }, "householdCode"],
      [{ type: "transfer", householdCode: "H0003", shareClassId: String(cash), quantity: "1" }, "counterpartyCode"],
      [{ type: "gift", householdCode: "H0003", shareClassId: String(cash), quantity: "1" }, "type"],
      [{ type: "subscribe", householdCode: "H0003", shareClassId: String(cash), quantity: "1", approvedBy: "" }, "approvedBy"],
    ];
    for (const [form, field] of cases) {
      const r = await move(form);
      expect(statusOf(r), JSON.stringify(form)).toBe(400);
      expect(errorsOf(r)[field], field).toBeDefined();
    }
    // a class of another village is refused by the register
    const db = await getDb();
    const [foreign] = await db.select({ id: shareClasses.id }).from(shareClasses).where(eq(shareClasses.villageCode, CHASHAN));
    expect(statusOf(await move({ type: "subscribe", householdCode: "H0003", shareClassId: String(foreign.id), quantity: "1" }))).toBe(400);
    expect(await ledgerCount()).toBe(before);
  });

  it("exports the ledger and the holdings, formula cells neutralised", async () => {
    expect(
      statusOf(
        await move({ type: "increase", householdCode: "H0003", shareClassId: String(cash), quantity: "1", note: '=HYPERLINK("http://x")' }),
      ),
    ).toBe(302);
    const csv = (await get(exportLoader, `${path}/export?what=ledger&format=csv`, p, sec)) as Response;
    expect(csv.status).toBe(200);
    expect(decodeURIComponent(csv.headers.get("Content-Disposition")!.split("UTF-8''")[1])).toMatch(/^股权台账-红河村-.*\.csv$/);
    const text = await csv.text();
    expect(text).toContain("'=HYPERLINK");
    expect(text).toContain("转出");
    const xlsx = (await get(exportLoader, `${path}/export?what=holdings&format=xlsx&date=2025-12-01`, p, town)) as Response;
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(["户号", "户主姓名", "现金股", "成员股"]));
    let h3: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "H0003") h3 = row;
    });
    expect(h3!.getCell(3).value).toBe(6.5); // 5.5 and the increase of 1
    expect(statusOf(await get(exportLoader, `/villages/${CHASHAN}/shares/export`, { code: CHASHAN }, sec))).toBe(403);
    expect(statusOf(await get(exportLoader, `${path}/export?what=everything`, p, sec))).toBe(400);
  });
});
