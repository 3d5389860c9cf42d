/**
 * The JSON API's edges: errors as `{ error, message }` with their status, and bodies where every
 * fen amount (a BigInt in the app) is a JSON number — exact, since amounts stay below 10^15 fen
 * (app/domain/money.ts MAX_ABS_FEN) and so below 2^53.
 */
import { translator } from "~/i18n";
import { getLang } from "./lang.server";
import { thisYearInChina } from "./today.server";
import { year } from "~/domain/input";

export type ApiErrorCode = "unauthorized" | "forbidden" | "not_found" | "bad_request";

export function apiError(status: 400 | 401 | 403 | 404, error: ApiErrorCode, message?: string): Response {
  return new Response(JSON.stringify(message ? { error, message } : { error }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** 200 with the body as JSON, BigInts as numbers. */
export function apiJson(body: unknown): Response {
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (typeof v !== "bigint") return v;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`api: ${v} fen is beyond 2^53`);
    return n;
  });
  return new Response(text, {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

/** A 400 JSON naming the parameter, in the user's language. */
export async function badParameter(request: Request, parameter: string): Promise<Response> {
  const t = translator(await getLang(request));
  return apiError(400, "bad_request", `${t("regions.badParameter", { field: parameter })}`);
}

const CODE = /^[0-9]{12}$/;
const YEAR = /^\d{4}$/;

/** A 12-digit code from the path, or a thrown 400 JSON. */
export async function apiCode(request: Request, value: string | undefined, name = "code"): Promise<string> {
  if (value && CODE.test(value)) return value;
  throw await badParameter(request, name);
}

/** A four-digit year from 1949 to next year (the input layer's year), or a thrown 400 JSON. */
export async function apiYear(request: Request, value: string | null | undefined): Promise<number> {
  if (value && YEAR.test(value)) {
    const parsed = year({ thisYear: thisYearInChina() }).safeParse(Number(value));
    if (parsed.success) return parsed.data;
  }
  throw await badParameter(request, "year");
}
