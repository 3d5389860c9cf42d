import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
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
import type { ReactNode } from "react";
import { translator, type Lang } from "~/i18n";
import { getLang } from "~/utils/lang.server";
import appCss from "~/styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: appCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Public data only: the language. Pages that need a user ask for one themselves.
  return { lang: await getLang(request) };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function LangSwitch({ lang }: { lang: Lang }) {
  const t = translator(lang);
  const location = useLocation();
  return (
    <form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="lang" value={lang === "zh-CN" ? "en" : "zh-CN"} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" aria-label={t("lang.switchLabel")} lang={lang === "zh-CN" ? "en" : "zh-CN"}>
        {t("lang.switch")}
      </button>
    </form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
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
              <LangSwitch lang={lang} />
            </nav>
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const t = translator(data?.lang ?? "zh-CN");
  const notFound = isRouteErrorResponse(error) && (error.status === 404 || error.status === 403);
  return (
    <section className="card">
      <h1>{notFound ? t("notFound.title") : t("error.title")}</h1>
      <p>{notFound ? t("notFound.body") : t("error.body")}</p>
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </section>
  );
}
