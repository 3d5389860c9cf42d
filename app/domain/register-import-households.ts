/**
 * The households import: each data line checked as a household, its 户号 against the file and the
 * village. A 人口 column (our own export has one) is not read: the count is the 成员名册's.
 */
import { z } from "zod";
import { householdFields, type HouseholdFlag } from "./household";
import { HOUSEHOLD_COLUMNS, HOUSEHOLD_IGNORED_COLUMNS } from "./register-files";
import {
  eachRecord,
  dateField,
  issuesToErrors,
  labelsOf,
  lineMsg,
  notesOfIgnored,
  open,
  optionalName,
  textOf,
} from "./register-import-rows";
import type { ImportError, ImportInput, ImportResult } from "./register-import-rows";

export type HouseholdImportRow = {
  line: number;
  code: string;
  headName: string;
  group: string | null;
  leader: string | null;
  flags: HouseholdFlag[];
  joinedOn: string;
};
export type HouseholdImportContext = {
  today: string;
  /** 户号 already in the village */
  existingCodes?: Iterable<string>;
  /** the village's 村民组 names; when given, any other name is an error */
  groups?: readonly string[];
  /** the village's 联户长 names; when given, any other name is an error */
  leaders?: readonly string[];
};

export async function parseHouseholdFile(input: ImportInput<HouseholdImportContext>): Promise<ImportResult<HouseholdImportRow>> {
  const opened = await open(input, HOUSEHOLD_COLUMNS);
  if (Array.isArray(opened)) return { rows: [], errors: opened };
  const { today, groups, leaders } = input.context;
  const existing = new Set(input.context.existingCodes ?? []);
  const labels = labelsOf(HOUSEHOLD_COLUMNS);
  const schema = z.object({
    code: householdFields.code,
    headName: householdFields.headName,
    group: optionalName,
    leader: optionalName,
    flags: householdFields.flags,
    joinedOn: dateField("入社日期", today),
  });
  const notes = notesOfIgnored(opened, HOUSEHOLD_IGNORED_COLUMNS);
  const rows: HouseholdImportRow[] = [];
  const errors: ImportError[] = [];
  const firstLineOf = new Map<string, number>();

  await eachRecord(opened.lines, opened.mapped, input.onProgress, (line, cell) => {
    const r = schema.safeParse({
      code: textOf(cell("code")),
      headName: textOf(cell("headName")),
      group: textOf(cell("group")),
      leader: textOf(cell("leader")),
      flags: textOf(cell("flags")),
      joinedOn: cell("joinedOn"),
    });
    const rowErrors = r.success ? [] : issuesToErrors(line, r.error, labels);
    const code = textOf(cell("code"));
    if (code) {
      const first = firstLineOf.get(code);
      if (first !== undefined) {
        rowErrors.push(
          lineMsg(line, "code", { zh: `户号 ${code} 与第${first}行重复`, en: `household number ${code} repeats line ${first}` }),
        );
      } else {
        firstLineOf.set(code, line);
        if (existing.has(code))
          rowErrors.push(lineMsg(line, "code", { zh: `户号 ${code} 已存在`, en: `household number ${code} already exists` }));
      }
    }
    for (const [field, known, zh, en] of [
      ["group", groups, "村民组", "villager group"],
      ["leader", leaders, "联户长", "household-group leader"],
    ] as const) {
      const name = textOf(cell(field));
      if (!known || !name || known.includes(name)) continue;
      const valid = known.length ? known.join("、") : "（无）";
      rowErrors.push(
        lineMsg(line, field, {
          zh: `${zh}“${name}”不存在，可选：${valid}`,
          en: `unknown ${en} "${name}"; valid: ${known.join(", ") || "(none)"}`,
        }),
      );
    }
    if (r.success && rowErrors.length === 0) rows.push({ line, ...r.data });
    errors.push(...rowErrors);
  });
  return { rows, errors, notes };
}
