/** GET /healthz — "ok", touching nothing: for load balancers and as the benchmark's constant page. */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
