import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { langCookie } from "~/utils/lang.server";

const LangForm = z.object({
  lang: z.enum(["zh-CN", "en"]),
  // only a path on this site: never an open redirect
  redirectTo: z
    .string()
    .regex(/^\/(?!\/)[^\s]*$/)
    .max(2000)
    .catch("/"),
});

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LangForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return new Response("语言无效 / invalid language", { status: 400 });
  }
  return redirect(parsed.data.redirectTo, {
    headers: { "Set-Cookie": await langCookie.serialize(parsed.data.lang) },
  });
}
