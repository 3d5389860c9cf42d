/** Helpers for the register routes' tests: GET, form POST, file upload, and reading the answer. */
import { langCookie } from "../app/utils/lang.server";
import { call, makeRequest } from "./remix";

type Fn = Parameters<typeof call>[0];
type Params = Record<string, string>;

/** The status of whatever a loader or action gave back: a Response, data(…, { status }) or plain data (200). */
export function statusOf(r: unknown): number {
  if (r instanceof Response) return r.status;
  const init = (r as { init?: { status?: number } | null })?.init;
  return (r as { type?: string })?.type === "DataWithResponseInit" ? (init?.status ?? 200) : 200;
}

/** The body of data(…) or plain loader data. */
export function bodyOf<T = Record<string, unknown>>(r: unknown): T {
  return ((r as { type?: string })?.type === "DataWithResponseInit" ? (r as { data: unknown }).data : r) as T;
}

export function get(fn: Fn, path: string, params: Params, cookie?: string) {
  return call(fn, makeRequest(path, { cookie }), params);
}

export function postForm(fn: Fn, path: string, params: Params, cookie: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const request = new Request(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return call(fn, request, params);
}

/** A multipart upload of one file (field "file") with intent=preview, as the import form sends it. */
export function postFile(
  fn: Fn,
  path: string,
  params: Params,
  cookie: string,
  file: { name: string; content: string | Uint8Array; type?: string },
) {
  const form = new FormData();
  form.append("intent", "preview");
  const bytes = typeof file.content === "string" ? new TextEncoder().encode(file.content) : file.content;
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? "text/csv" }));
  const request = new Request(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000" },
    body: form,
  });
  return call(fn, request, params);
}

/** The same session, with English chosen. */
export async function inEnglish(cookie: string): Promise<string> {
  const lang = (await langCookie.serialize("en")).split(";")[0];
  return `${cookie}; ${lang}`;
}
