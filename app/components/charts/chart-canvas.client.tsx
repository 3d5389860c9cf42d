/**
 * chart.js itself, only ever loaded in the browser (the `.client` suffix keeps it out of the
 * server build) and only by the pages that draw charts, through LazyChart's dynamic import.
 */
import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Bar, Doughnut, Line } from "react-chartjs-2";
import type { ChartSpec } from "./spec";

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, LineElement, PointElement, Tooltip, Legend);

const PALETTE = ["#1f6f5c", "#c0392b", "#2e86c1", "#b9770e", "#7d3c98", "#117864", "#a04000", "#566573"];

export default function ChartCanvas({ spec, label }: { spec: ChartSpec; label: string }) {
  const datasets = spec.series.map((s, i) => ({
    label: s.label,
    data: s.values,
    backgroundColor: spec.kind === "doughnut" ? spec.labels.map((_, j) => PALETTE[j % PALETTE.length]) : PALETTE[i % PALETTE.length],
    borderColor: spec.kind === "line" ? PALETTE[i % PALETTE.length] : undefined,
  }));
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { display: spec.series.length > 1 || spec.kind === "doughnut" } },
  };
  const data = { labels: spec.labels, datasets };
  const aria = { "aria-label": label, role: "img" };
  if (spec.kind === "line") return <Line data={data} options={common} {...aria} />;
  if (spec.kind === "doughnut") return <Doughnut data={data} options={common} {...aria} />;
  return <Bar data={data} options={{ ...common, indexAxis: spec.horizontal ? ("y" as const) : ("x" as const) }} {...aria} />;
}
