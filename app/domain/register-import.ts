/**
 * Household and share imports: a file (CSV or XLSX, in memory) → validated rows plus every bad
 * row's error, in both languages, so the preview can list them all before an all-or-nothing
 * commit. Pure apart from reading the buffer; the context (existing codes, groups, the ledger) is
 * passed in by the route.
 */
export { MAX_IMPORT_ROWS } from "./register-read";
export type { ImportFormat } from "./register-read";
export { PROGRESS_EVERY, type ImportError, type ImportInput, type ImportProgress, type ImportResult } from "./register-import-rows";
export { HOUSEHOLD_COLUMNS, SHARE_COLUMNS, type Column } from "./register-files";
export { parseHouseholdFile, type HouseholdImportContext, type HouseholdImportRow } from "./register-import-households";
export { parseShareFile, type ShareImportContext, type ShareImportEntryType, type ShareImportRow } from "./register-import-shares";
