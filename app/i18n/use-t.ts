import { useRouteLoaderData } from "@remix-run/react";
import { translator, type Lang, type Translate } from "./index";

/** The page's language, from the root loader. */
export function useLang(): Lang {
  const data = useRouteLoaderData("root") as { lang?: Lang } | undefined;
  return data?.lang ?? "zh-CN";
}

export function useT(): Translate {
  return translator(useLang());
}
