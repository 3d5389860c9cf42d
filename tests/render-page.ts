/**
 * Rendering a page as Remix would, for the accessibility tests of refused forms: Remix's router
 * hooks are replaced by a loader's and an action's real answers (`page`), nothing else is mocked.
 * A test file mocks @remix-run/react with `remixReactMock` and renders with `renderPage`.
 */
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/** what the mocked hooks answer: set by renderPage */
export const page = { loaderData: undefined as unknown, actionData: undefined as unknown, lang: "zh-CN" };

/** @remix-run/react with its router hooks answered from `page` */
export async function remixReactMock(importOriginal: () => Promise<unknown>) {
  const actual = (await importOriginal()) as Record<string, unknown>;
  const anchor = ({ to, children, className }: { to: string; children?: ReactNode; className?: unknown }) =>
    createElement("a", { href: to, className: typeof className === "string" ? className : undefined }, children);
  return {
    ...actual,
    Form: ({ children, reloadDocument: _r, ...props }: Record<string, unknown> & { children?: ReactNode }) =>
      createElement("form", props, children),
    Link: anchor,
    NavLink: anchor,
    useLoaderData: () => page.loaderData,
    useActionData: () => page.actionData,
    useNavigation: () => ({ state: "idle" }),
    useSearchParams: () => [new URLSearchParams()],
    useLocation: () => ({ pathname: "/", search: "", hash: "", key: "k", state: null }),
    useRouteLoaderData: (id: string) => (id === "root" ? { lang: page.lang } : undefined),
  };
}

export function renderPage(element: ReturnType<typeof createElement>, loaderData: unknown, actionData: unknown, lang = "zh-CN") {
  Object.assign(page, { loaderData, actionData, lang });
  return renderToStaticMarkup(element);
}

const escaped = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * every aria-invalid control → what describes it: its id, aria-describedby, whether the message
 * (the first id described by; a hint may follow) is announced, and the message. Ids of repeated
 * fields hold [ ] and . (partners[1].name).
 */
export function invalidControls(html: string) {
  const tags = [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);
  return tags
    .filter((tag) => tag.includes('aria-invalid="true"'))
    .map((tag) => {
      const id = /\bid="([^"]+)"/.exec(tag)?.[1];
      const describedBy = /aria-describedby="([^"]+)"/.exec(tag)?.[1];
      const errorId = describedBy?.split(" ")[0];
      const target = errorId ? new RegExp(`<p[^>]*\\bid="${escaped(errorId)}"[^>]*>([^<]*)</p>`).exec(html) : null;
      return { id, describedBy, announced: target?.[0].includes('role="alert"') ?? false, message: target?.[1] ?? null };
    });
}

/** error paragraphs no control points at */
export function orphanErrors(html: string) {
  const ids = [...html.matchAll(/<p class="field-error" id="([^"]+)"/g)].map((m) => m[1]);
  return ids.filter((id) => !new RegExp(`aria-describedby="(?:[^"]* )?${escaped(id)}(?: [^"]*)?"`).test(html));
}
