/** The language switch (POST /lang): the language, and the page to go back to. Pure. */
import { z } from "zod";
import type { Lang } from "~/i18n";

export const langFormSchema = z.object({
  lang: z.enum(["zh-CN", "en"] as const satisfies readonly Lang[]),
  // checked by safeRedirectPath where it is followed: only a path on this site
  redirectTo: z.unknown(),
});
