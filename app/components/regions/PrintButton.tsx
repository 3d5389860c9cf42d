import { drawAllCharts } from "~/components/charts/LazyChart";

/**
 * window.print() behind a button, once every chart is drawn (charts below the window draw only
 * when scrolled to); hidden when printing, and harmless without JavaScript.
 */
export function PrintButton({ label }: { label: string }) {
  const print = () =>
    void drawAllCharts()
      .catch(() => {}) // no chart.js: the tables beside the charts still print
      .then(() => window.print());
  return (
    <button type="button" className="secondary no-print" onClick={print}>
      {label}
    </button>
  );
}
