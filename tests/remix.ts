/** Calls a route's loader or action the way Remix does, with a real Request. */
type Args = { request: Request; params: Record<string, string | undefined>; context: Record<string, unknown> };
type Fn<R> = (args: Args) => Promise<R> | R;

export function makeRequest(
  path: string,
  init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; cookie?: string } = {},
) {
  const url = new URL(path, "http://localhost:3000");
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  let body: BodyInit | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  if (init.method && init.method !== "GET" && !headers.has("Origin")) headers.set("Origin", url.origin);
  return new Request(url, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body });
}

/** Runs the function; a thrown Response is returned instead, so tests can assert its status. */
export async function call<R>(
  fn: Fn<R>,
  request: Request,
  params: Record<string, string | undefined> = {},
  context: Record<string, unknown> = {},
) {
  try {
    return await fn({ request, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The status of what a loader or action answered: a Response's, a data(…, { status })'s, or 200. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    return (result as { init?: { status?: number } | null }).init?.status ?? 200;
  }
  return 200;
}

/** The data of a data(…) answer, or the answer itself. */
export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    return (result as { data: T }).data;
  }
  return result as T;
}

/** The Cookie header a browser would send back after this Set-Cookie. */
export function cookieFrom(setCookie: string | null | undefined): string {
  if (!setCookie) throw new Error("no Set-Cookie");
  return setCookie.split(";")[0];
}

/**
 * The first message of each field in a form's answer (conform's `submission.reply()`), the whole
 * form's under "_form".
 */
export function errorsOf(result: unknown): Record<string, { zh: string; en: string }> {
  const reply = dataOf<{ error?: Record<string, { zh: string; en: string }[] | null> | null }>(result);
  const out: Record<string, { zh: string; en: string }> = {};
  for (const [field, messages] of Object.entries(reply?.error ?? {})) {
    if (messages?.length) out[field === "" ? "_form" : field] = messages[0];
  }
  return out;
}
