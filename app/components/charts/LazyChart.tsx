import { useEffect, useRef, useState, type ComponentType } from "react";
import type { ChartSpec } from "./spec";

type CanvasProps = { spec: ChartSpec; label: string };
let loading: Promise<ComponentType<CanvasProps>> | undefined;
let turns: Promise<void> = Promise.resolve();

/**
 * Charts draw one at a time, each in a task of its own: a page's four charts drawn in one React
 * commit block the main thread for as long as all of them take (a phone feels it as a frozen
 * page). `ready` resolves when the charts before this one have drawn; `release` lets the next go.
 */
function takeTurn(): { ready: Promise<void>; release: () => void } {
  let release = () => {};
  const done = new Promise<void>((r) => (release = r));
  const ready = turns;
  turns = turns.then(() => done);
  return { ready, release };
}

/**
 * A chart drawn on the client: the server renders a fixed-height box (a CSS class: the CSP allows
 * no inline styles) (so nothing shifts when the
 * canvas arrives), and chart.js is imported only after the page has mounted. The figures are
 * always in a table beside it, which is what screen readers, printers without canvas and
 * people without JavaScript read.
 */
export function LazyChart({ spec, label, tall, loadingText }: CanvasProps & { tall?: boolean; loadingText: string }) {
  const [Canvas, setCanvas] = useState<ComponentType<CanvasProps> | null>(null);
  const release = useRef<() => void>(() => {});
  useEffect(() => {
    let live = true;
    loading ??= import("./chart-canvas.client").then((m) => m.default);
    const turn = takeTurn();
    release.current = turn.release;
    Promise.all([loading, turn.ready])
      .then(([c]) => (live ? setCanvas(() => c) : turn.release()))
      .catch(() => turn.release());
    return () => {
      live = false;
      turn.release();
    };
  }, []);
  useEffect(() => {
    // this chart drew in the commit that ran this effect; the next one draws in a later task
    if (!Canvas) return;
    const next = setTimeout(() => release.current(), 0);
    return () => {
      clearTimeout(next);
      release.current();
    };
  }, [Canvas]);
  return (
    <div className={tall ? "chart-box chart-box-tall" : "chart-box"} data-testid="chart">
      {Canvas ? <Canvas spec={spec} label={label} /> : <p className="muted small chart-loading">{loadingText}</p>}
    </div>
  );
}
