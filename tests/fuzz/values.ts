/**
 * The bad values the fuzz sends, as fast-check arbitraries built from a field's valid value.
 *
 * A value is `never` when no field should take it: a NUL or another control character inside
 * the text, a text longer than any field's limit, a file where a string is expected (a string
 * where a file is), a scalar field's key sent twice. Those must be refused with nothing written.
 * The others (huge, fractional, negative, exponent, NaN and Infinity numbers, 2**53 + 1,
 * impossible and out-of-range dates and years, arbitrary Unicode, empty, missing) may be a
 * fine value for some field — a number is a valid note — so they may be taken; what they must
 * never do is answer 500, or write anything when the answer is a refusal.
 */
import fc from "fast-check";

/** what is sent in the field's place: one string, a file, several values (a repeated key), or nothing */
export type Sent = string | File | string[] | null;
export type Bad = { kind: Kind; value: Sent; never: boolean };
export type Kind = "nul" | "control" | "long" | "file" | "string-for-file" | "repeat" | "number" | "date" | "empty" | "omit" | "unicode";

const CONTROLS = ["\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f"];

/** past any field's limit (five times the longest text the app takes, 2,000 characters) */
export const LONG_LENGTH = 10_000;

export const NUMBERS = [
  "9007199254740993",
  "2147483648",
  "-2147483649",
  "5203231022010",
  "99999999999999999999999",
  "-1",
  "0",
  "-0",
  "0.5",
  "1.999999999999999999",
  "1e309",
  "-1e309",
  "1e3",
  "1e-7",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  " 7 ",
  "1,000",
  "١٢",
  "１２",
  "abc",
] as const;

export const DATES = [
  "2025-02-30",
  "2025-13-01",
  "2025-00-10",
  "0000-01-01",
  "1948-12-31",
  "2101-01-01",
  "99999-01-01",
  "2025-2-3",
  "2025/02/03",
  "20250203",
  "2025-02-03T25:00",
] as const;
export const YEARS = ["0", "1948", "1949.5", "2100", "10000", "-2025", "02025", "2025e0"] as const;

function insertAt(base: string, what: string, at: number): string {
  const i = base.length === 0 ? 0 : at % (base.length + 1);
  return `${base.slice(0, i)}${what}${base.slice(i)}`;
}
/** a field whose value is empty gets a short text around the character */
const around = (base: string) => (base === "" ? "ab" : base);

export const arbitraries = {
  nul: (base: string) => fc.nat().map((at): Bad => ({ kind: "nul", value: insertAt(around(base), "\u0000", at), never: true })),
  control: (base: string) =>
    fc
      .tuple(fc.constantFrom(...CONTROLS.slice(1)), fc.nat())
      .map(([c, at]): Bad => ({ kind: "control", value: insertAt(around(base), c, at), never: true })),
  long: () => fc.constantFrom("x", "长", "9").map((c): Bad => ({ kind: "long", value: c.repeat(LONG_LENGTH), never: true })),
  file: (base: string) =>
    fc
      .constantFrom("text/plain", "application/octet-stream", "text/csv")
      .map((type): Bad => ({ kind: "file", value: new File([around(base)], "field.txt", { type }), never: true })),
  stringForFile: () =>
    fc.constantFrom("a,b\n1,2", "", "[object File]").map((value): Bad => ({ kind: "string-for-file", value, never: value !== "" })),
  repeat: (base: string) => fc.constantFrom(base, "other").map((second): Bad => ({ kind: "repeat", value: [base, second], never: true })),
  number: () =>
    fc
      .oneof(
        fc.constantFrom(...NUMBERS),
        fc.constantFrom(...YEARS),
        fc.double().map(String),
        fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
      )
      .map((value): Bad => ({ kind: "number", value, never: false })),
  date: () => fc.constantFrom(...DATES).map((value): Bad => ({ kind: "date", value, never: false })),
  empty: () => fc.constantFrom("", " ", "\t", "\n").map((value): Bad => ({ kind: "empty", value, never: false })),
  omit: () => fc.constant<Bad>({ kind: "omit", value: null, never: false }),
  unicode: () =>
    fc
      .oneof(
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.constantFrom("\ud800", "\u202e\u0634", "👨‍👩‍👧", "' OR 1=1 --", "<script>x</script>", "%00", "../../etc"),
      )
      .map((value): Bad => ({ kind: "unicode", value, never: false })),
};

/**
 * The values that must be among those sent (fast-check's examples, run before the generated
 * ones): those the outside fuzz found answered 500, and their kin.
 */
export const NUMBER_LANDMARKS = ["9007199254740993", "2147483648", "5203231022010", "1e309", "0.5", "-1", "abc", "NaN"] as const;
export const DATE_LANDMARKS = ["2025-02-30", "0000-01-01", "2101-01-01"] as const;
export const YEAR_LANDMARKS = ["1948", "10000", "2100"] as const;

export type PlanItem = { kind: Kind; runs: number; arbitrary: fc.Arbitrary<Bad>; examples: Bad[] };
export type Plan = PlanItem[];

const maybe = (kind: Kind, values: readonly string[]): Bad[] => values.map((value) => ({ kind, value, never: false }));

/** what a field looks like it takes: numbers (an id, a count, a version …), dates, or text */
export type FieldShape = { file: boolean; repeated: boolean; numeric: boolean; date: boolean };

/**
 * A form field's values, the never-valid kinds first (a taken value can change the state the
 * rest find). Every field gets every kind; a field that takes numbers (dates) also gets all the
 * number (date) landmarks.
 */
export function formFieldPlan(base: string, shape: FieldShape): Plan {
  if (shape.file) {
    return [
      { kind: "string-for-file", runs: 2, arbitrary: arbitraries.stringForFile(), examples: [] },
      { kind: "omit", runs: 1, arbitrary: arbitraries.omit(), examples: [] },
    ];
  }
  return [
    { kind: "nul", runs: 1, arbitrary: arbitraries.nul(base), examples: [] },
    { kind: "control", runs: 1, arbitrary: arbitraries.control(base), examples: [] },
    { kind: "long", runs: 1, arbitrary: arbitraries.long(), examples: [] },
    { kind: "file", runs: 1, arbitrary: arbitraries.file(base), examples: [] },
    ...(shape.repeated ? [] : [{ kind: "repeat" as const, runs: 1, arbitrary: arbitraries.repeat(base), examples: [] }]),
    {
      kind: "number",
      runs: 1,
      arbitrary: arbitraries.number(),
      examples: shape.numeric ? maybe("number", [...NUMBER_LANDMARKS, ...YEAR_LANDMARKS]) : [],
    },
    { kind: "date", runs: 1, arbitrary: arbitraries.date(), examples: shape.date ? maybe("date", DATE_LANDMARKS) : [] },
    { kind: "empty", runs: 1, arbitrary: arbitraries.empty(), examples: [] },
    { kind: "omit", runs: 1, arbitrary: arbitraries.omit(), examples: [] },
    { kind: "unicode", runs: 1, arbitrary: arbitraries.unicode(), examples: [] },
  ];
}

/** a query or path parameter: like a form field, answered below 500 whatever it was sent */
export function queryParamPlan(base: string, shape: { numeric: boolean; date: boolean }, { repeat = true } = {}): Plan {
  return [
    { kind: "nul", runs: 1, arbitrary: arbitraries.nul(base), examples: [] },
    { kind: "control", runs: 1, arbitrary: arbitraries.control(base), examples: [] },
    { kind: "long", runs: 1, arbitrary: arbitraries.long(), examples: [] },
    ...(repeat ? [{ kind: "repeat" as const, runs: 1, arbitrary: arbitraries.repeat(base), examples: [] }] : []),
    {
      kind: "number",
      runs: 1,
      arbitrary: arbitraries.number(),
      examples: maybe("number", shape.numeric ? [...NUMBER_LANDMARKS, ...YEAR_LANDMARKS] : ["9007199254740993", "1e309", "abc"]),
    },
    { kind: "date", runs: 1, arbitrary: arbitraries.date(), examples: shape.date ? maybe("date", DATE_LANDMARKS) : [] },
    { kind: "empty", runs: 1, arbitrary: arbitraries.empty(), examples: [] },
    { kind: "unicode", runs: 1, arbitrary: arbitraries.unicode(), examples: [] },
  ];
}

/** does the field look like it takes numbers, or dates? (by its value first, then its kind, its options, its name) */
export function shapeOf(name: string, kind: string, value: string, options: string[] = []): { numeric: boolean; date: boolean } {
  const numericValue = /^-?\d+(\.\d+)?$/.test(value);
  const date = kind === "date" || /^\d{4}-\d{2}-\d{2}$/.test(value) || (!numericValue && /(On|Date|From|To|^date|^from|^to)$/.test(name));
  const numeric =
    numericValue ||
    (options.length > 0 && options.filter(Boolean).every((o) => /^\d+$/.test(o))) ||
    (!date &&
      /(^id$|Id$|^version$|year|count|members|quantity|amount|percent|Percent|days|Days|price|step|unitValue|revenue|visitors|Mu$|households|shares|page|Quantity|Driven|carriedOver|losses)/.test(
        name,
      ));
  return { numeric, date };
}

/** a value as it would appear in a report: control characters escaped, long texts cut */
export function show(value: Sent): string {
  if (value === null) return "(missing)";
  if (value instanceof File) return `File(${value.name}, ${value.type})`;
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(", ")}]`;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 12)}…(${value.length} chars)` : value);
  return shown.replace(/\u007f/g, "\\u007f");
}
