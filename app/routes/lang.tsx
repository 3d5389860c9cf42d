import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { assertSameOrigin } from "~/utils/csrf.server";
import { langCookie } from "~/utils/lang.server";
import { safeRedirectPath } from "~/utils/safe-redirect";

const LangForm = z.object({
  lang: z.enum(["zh-CN", "en"]),
  // only a path on this site: never an open redirect
  redirectTo: z.unknown().transform((v) => safeRedirectPath(v)),
});

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const parsed = LangForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    // deliberately in both languages: the language the reader asked for is what failed to parse
    return new Response("语言无效 / invalid language", { status: 400 });
  }
  return redirect(parsed.data.redirectTo, {
    headers: { "Set-Cookie": await langCookie.serialize(parsed.data.lang) },
  });
}
