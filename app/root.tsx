import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useNonce } from "~/components/nonce";
import { translator, type Lang } from "~/i18n";
import { metaLang, pageTitle } from "~/i18n/meta";
import { getOptionalUser } from "~/utils/session.server";
import { getLang } from "~/utils/lang.server";
import appCss from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title of a page without its own (the error pages above all: a 404 must still have one). */
export const meta: MetaFunction<typeof loader> = ({ error, matches }) => {
  if (!error) return [{ title: translator(metaLang(matches))("app.name") }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: pageTitle(matches, status === 403 ? "forbidden.title" : status === 404 ? "notFound.title" : "error.title") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  // The language, and who is signed in (name and roles only, for the header). Pages that need
  // a user ask for one themselves, through requireUser.
  const [lang, user] = await Promise.all([getLang(request), getOptionalUser(request)]);
  return {
    lang,
    user: user ? { displayName: user.displayName, roles: [...new Set(user.grants.map((g) => g.role))] } : null,
  };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

type HeaderUser = { displayName: string; roles: ("admin" | "bureau" | "town" | "secretary" | "member")[] };

/** Who is signed in, their admin pages, and the sign-out button (a POST: no GET signs anyone out). */
function UserMenu({ user, lang }: { user: HeaderUser | null; lang: Lang }) {
  const t = translator(lang);
  if (!user) {
    return (
      <Link to="/login" className="header-link">
        {t("nav.login")}
      </Link>
    );
  }
  const manages = user.roles.some((r) => r === "admin" || r === "bureau" || r === "secretary");
  return (
    <>
      <span className="header-user" title={user.roles.map((r) => t(`role.${r}`)).join(t("punct.enumSep"))}>
        {t("nav.signedInAs", { name: user.displayName })}
      </span>
      {manages ? (
        <Link to="/admin" className="header-link">
          {t("nav.admin")}
        </Link>
      ) : null}
      <Link to="/account/password" className="header-link">
        {t("nav.account")}
      </Link>
      <form method="post" action="/logout">
        <button type="submit">{t("nav.logout")}</button>
      </form>
    </>
  );
}

function LangSwitch({ lang }: { lang: Lang }) {
  const t = translator(lang);
  const location = useLocation();
  return (
    <form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="lang" value={lang === "zh-CN" ? "en" : "zh-CN"} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {/* the name is the visible word (what voice control users say); what it does is the description */}
      <button type="submit" title={t("lang.switchLabel")} lang={lang === "zh-CN" ? "en" : "zh-CN"}>
        {t("lang.switch")}
      </button>
    </form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const lang: Lang = data?.lang ?? "zh-CN";
  const t = translator(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link to="/" className="brand">
              {t("app.name")}
            </Link>
            <nav aria-label={t("nav.home")} className="header-nav">
              <UserMenu user={data?.user ?? null} lang={lang} />
              <LangSwitch lang={lang} />
            </nav>
          </div>
        </header>
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // marks the page as interactive: browser tests wait for it before typing
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const t = translator(data?.lang ?? "zh-CN");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // a bad parameter (400): the loader's message, already in the reader's language, says which
  const message = isRouteErrorResponse(error) && status === 400 && typeof error.data === "string" && error.data ? error.data : null;
  if (message) {
    return (
      <section className="card" role="alert">
        <h1>{t("badRequest.title")}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">{t("common.backHome")}</Link>
        </p>
      </section>
    );
  }
  const [title, body] =
    status === 403
      ? (["forbidden.title", "forbidden.body"] as const)
      : status === 404
        ? (["notFound.title", "notFound.body"] as const)
        : (["error.title", "error.body"] as const);
  return (
    <section className="card">
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </section>
  );
}
