import { createCookie } from "@remix-run/node";
import { isLang, type Lang } from "~/i18n";

/** The chosen language lives in a cookie; Chinese unless the user switched. */
export const langCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function getLang(request: Request): Promise<Lang> {
  const value = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : "zh-CN";
}
