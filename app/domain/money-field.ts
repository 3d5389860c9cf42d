/**
 * The zod schema of a money form field, apart from money.ts: money.ts formats amounts on every
 * page in the browser, and a browser bundle that imports a module importing zod carries zod
 * (esbuild keeps the import of a split chunk even when nothing from it is used).
 */
import { z } from "zod";
import { MONEY_ERRORS, parseMoney, type ParseMoneyOptions } from "./money";

/**
 * Zod (v3) schema for a money form field: string in, `bigint` fen out. A refusal is a custom
 * issue whose text is the Chinese message and whose `params.message` is the message in both
 * languages (what `messageOfIssue` in app/domain/form.ts reads), since the text depends on what
 * was typed (too many decimals, a misplaced separator …).
 */
export function zMoney(opts: ParseMoneyOptions = {}): z.ZodType<bigint, z.ZodTypeDef, unknown> {
  return z.unknown().transform((value, ctx) => {
    // FormData.get() yields null for a missing field: treat it as empty.
    const r =
      value === undefined || value === null
        ? { ok: false as const, error: MONEY_ERRORS.empty }
        : typeof value === "string"
          ? parseMoney(value, opts)
          : { ok: false as const, error: MONEY_ERRORS.invalid };
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.zh, params: { message: r.error } });
      return z.NEVER;
    }
    return r.fen;
  });
}
