import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { parseForm } from "~/domain/form";
import { langFormSchema } from "~/domain/lang-form";
import { assertSameOrigin } from "~/utils/csrf.server";
import { langCookie } from "~/utils/lang.server";
import { safeRedirectPath } from "~/utils/safe-redirect";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const submission = parseForm(await request.formData(), langFormSchema);
  if (submission.status !== "success") {
    // deliberately in both languages: the language the reader asked for is what failed to parse
    return new Response("语言无效 / invalid language", { status: 400 });
  }
  // only a path on this site: never an open redirect
  return redirect(safeRedirectPath(submission.value.redirectTo), {
    headers: { "Set-Cookie": await langCookie.serialize(submission.value.lang) },
  });
}
