/** What a chart draws: labels and numeric series (already in display units, e.g. 万元). */
export type ChartSpec = {
  kind: "bar" | "line" | "doughnut";
  horizontal?: boolean;
  labels: string[];
  series: { label: string; values: number[] }[];
};
