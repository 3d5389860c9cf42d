/** What a chart draws: labels and numeric series (already in display units, e.g. 万元). */
export type ChartSpec = {
  kind: "bar" | "line" | "doughnut";
  horizontal?: boolean;
  labels: string[];
  /** null: no figure (drawn as a gap, not as zero) */
  series: { label: string; values: (number | null)[] }[];
};
