import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/utils/csrf.server";
import { endSession } from "~/utils/session.server";

/** Signing out is a POST: a GET changes nothing and just goes home. */
export async function loader() {
  return redirect("/");
}

/** Ends the session on the server (the cookie alone would not be enough) and clears the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}
