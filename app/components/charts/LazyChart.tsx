import { useEffect, useRef, useState, type ComponentType } from "react";
import { flushSync } from "react-dom";
import type { ChartSpec } from "./spec";

type CanvasProps = { spec: ChartSpec; label: string };
type Canvas = ComponentType<CanvasProps>;
let loaded: Canvas | undefined;
let loading: Promise<Canvas> | undefined;
const loadCanvas = () => (loading ??= import("./chart-canvas.client").then((m) => (loaded = m.default)));
let turns: Promise<void> = Promise.resolve();
/** every chart on the page, each able to draw at once (a drawn chart ignores it) */
const waiting = new Set<(c: Canvas) => void>();

/** how far ahead of the window a chart starts loading and drawing: about a screen */
const AHEAD = "100% 0px";

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

/** Draws every chart on the page now, loading chart.js first if none has come into view: before printing. */
export async function drawAllCharts(): Promise<void> {
  if (waiting.size === 0) return;
  const c = await loadCanvas();
  flushSync(() => waiting.forEach((draw) => draw(c)));
}

/**
 * A chart drawn on the client: the server renders a fixed-height box (a CSS class: the CSP allows
 * no inline styles), so nothing shifts when the canvas arrives. chart.js is imported, and the
 * chart drawn, only when the box comes within a screen of the window (a dashboard's charts sit
 * below its figures: drawing them while the page loads only delays it), or before printing. The
 * figures are always in a table beside it, which is what screen readers, printers without canvas
 * and people without JavaScript read.
 */
export function LazyChart({ spec, label, tall, loadingText }: CanvasProps & { tall?: boolean; loadingText: string }) {
  const [Canvas, setCanvas] = useState<Canvas | null>(null);
  const [near, setNear] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const release = useRef<() => void>(() => {});
  useEffect(() => {
    const draw = (c: Canvas) => setCanvas(() => c);
    waiting.add(draw);
    // Ctrl+P: draws at once what chart.js can (the print button waits for it to load: drawAllCharts)
    const beforePrint = () => loaded && flushSync(() => draw(loaded!));
    window.addEventListener("beforeprint", beforePrint);
    const el = box.current;
    const seen =
      typeof IntersectionObserver === "undefined" || !el
        ? null
        : new IntersectionObserver(
            (entries) => {
              if (entries.some((e) => e.isIntersecting)) {
                seen?.disconnect();
                setNear(true);
              }
            },
            { rootMargin: AHEAD },
          );
    if (seen && el) seen.observe(el);
    else setNear(true);
    return () => {
      waiting.delete(draw);
      window.removeEventListener("beforeprint", beforePrint);
      seen?.disconnect();
    };
  }, []);
  useEffect(() => {
    if (!near) return;
    let live = true;
    const turn = takeTurn();
    release.current = turn.release;
    Promise.all([loadCanvas(), turn.ready])
      .then(([c]) => (live ? setCanvas(() => c) : turn.release()))
      .catch(() => turn.release());
    return () => {
      live = false;
      turn.release();
    };
  }, [near]);
  useEffect(() => {
    if (!Canvas) return;
    // this chart drew in the commit that ran this effect; the next one draws in a later task
    const next = setTimeout(() => release.current(), 0);
    return () => {
      clearTimeout(next);
      release.current();
    };
  }, [Canvas]);
  return (
    <div ref={box} className={tall ? "chart-box chart-box-tall" : "chart-box"} data-testid="chart">
      {Canvas ? <Canvas spec={spec} label={label} /> : <p className="muted small chart-loading">{loadingText}</p>}
    </div>
  );
}
