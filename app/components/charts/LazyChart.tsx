import { useEffect, useState, type ComponentType } from "react";
import type { ChartSpec } from "./spec";

type CanvasProps = { spec: ChartSpec; label: string };
let loading: Promise<ComponentType<CanvasProps>> | undefined;

/**
 * A chart drawn on the client: the server renders a fixed-height box (a CSS class: the CSP allows
 * no inline styles) (so nothing shifts when the
 * canvas arrives), and chart.js is imported only after the page has mounted. The figures are
 * always in a table beside it, which is what screen readers, printers without canvas and
 * people without JavaScript read.
 */
export function LazyChart({ spec, label, tall, loadingText }: CanvasProps & { tall?: boolean; loadingText: string }) {
  const [Canvas, setCanvas] = useState<ComponentType<CanvasProps> | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import("./chart-canvas.client").then((m) => m.default);
    loading.then((c) => live && setCanvas(() => c)).catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className={tall ? "chart-box chart-box-tall" : "chart-box"} data-testid="chart">
      {Canvas ? <Canvas spec={spec} label={label} /> : <p className="muted small chart-loading">{loadingText}</p>}
    </div>
  );
}
