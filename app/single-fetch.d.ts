// Single Fetch is on (remix.config.js): loaders' and actions' types are inferred as Single Fetch
// sends them, so `data(value, { status })` reaches useActionData as `value`, without casts.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
