/**
 * Rows and budgets of the free-graph and fit-view scenarios (issue 13): the app's free graph against the
 * same steps as a block flow and against the bare React Flow baseline, and the fit view against Node-RED's
 * own editor on the same flow. Ratios are medians of per-repetition ratios, as in report.ts.
 */
import type { FrameSummary } from '../page/measure';
import type { FitResult } from './fit';
import { median, pairedRatio } from './stats';
import type { Budget, Row } from './report';

export interface GraphDrag extends FrameSummary {
  moved: boolean;
  rendersPerMove: number | null;
  checklistPerMove?: number | null;
  moves: number;
}

export interface GraphRun {
  open: number[];
  panzoom: FrameSummary;
  drag?: GraphDrag;
}

export interface GraphResults {
  /** Per size: the free graph in the app, the same steps as blocks in the app, the graph in the baseline. */
  graph: Record<string, { app: GraphRun[]; blocks: GraphRun[]; baseline: GraphRun[] }>;
  /** Per size: the fit-view session in the app and in Node-RED's editor. */
  fit: Record<string, { app: FitResult[]; nodered: FitResult[] }>;
}

const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : 'n/a');
const mb = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} MB` : 'n/a');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const k = (n: number) => Number(n).toLocaleString('en-US');
const slow = (f: FrameSummary) => f.over20 / Math.max(1, f.frames);
const within = (value: number, limit: number): boolean | null => (Number.isFinite(value) ? value <= limit : null);

export function summarizeGraph(r: Partial<GraphResults>): { rows: Row[]; budgets: Budget[] } {
  const rows: Row[] = [];
  const budgets: Budget[] = [];
  for (const [size, g] of Object.entries(r.graph ?? {})) {
    const first = (runs: GraphRun[]) => runs.map((x) => median(x.open));
    const open = pairedRatio(first(g.app), first(g.blocks));
    rows.push({
      item: `Free graph ${k(Number(size))} steps (multi-port): open / same steps as blocks`,
      app: ms(median(first(g.app))),
      baseline: `blocks ${ms(median(first(g.blocks)))}`,
      ratio: ratio(open),
    });
    budgets.push({
      name: `Free graph ${k(Number(size))}: open ≤ 1.2× the same flow as blocks`,
      value: open,
      limit: '≤ 1.20×',
      pass: within(open, 1.2),
      detail: `graph ${ms(median(first(g.app)))} vs blocks ${ms(median(first(g.blocks)))}`,
    });
    const drags = g.app.map((x) => x.drag).filter((d): d is GraphDrag => !!d);
    const baseDrags = g.baseline.map((x) => x.drag).filter((d): d is GraphDrag => !!d);
    if (drags.length && baseDrags.length) {
      const p95 = pairedRatio(
        drags.map((d) => d.p95),
        baseDrags.map((d) => d.p95),
      );
      const renders = Math.max(...drags.map((d) => d.rendersPerMove ?? NaN).filter(Number.isFinite));
      const checklist = Math.max(...drags.map((d) => d.checklistPerMove ?? NaN).filter(Number.isFinite));
      rows.push({
        item: `Free graph ${k(Number(size))}: drag one step, frame p50 / p95; frames over 20 ms`,
        app: `${ms(median(drags.map((d) => d.p50)))} / ${ms(median(drags.map((d) => d.p95)))}; ${pct(median(drags.map(slow)))}`,
        baseline: `${ms(median(baseDrags.map((d) => d.p50)))} / ${ms(median(baseDrags.map((d) => d.p95)))}; ${pct(median(baseDrags.map(slow)))}`,
        ratio: `p95 ${ratio(p95)}`,
      });
      budgets.push({
        name: `Free graph ${k(Number(size))}: drag p95 ≤ 1.2× baseline`,
        value: p95,
        limit: '≤ 1.20×',
        pass: within(p95, 1.2),
        detail: `p95 ${ms(median(drags.map((d) => d.p95)))} vs ${ms(median(baseDrags.map((d) => d.p95)))}`,
      });
      budgets.push({
        name: `Free graph ${k(Number(size))}: step renders per drag move ≤ 2`,
        value: renders,
        limit: '≤ 2',
        pass: within(renders, 2),
        detail: `worst of ${drags.length} drags`,
      });
      budgets.push({
        name: `Free graph ${k(Number(size))}: checklist recomputations per drag move = 0`,
        value: checklist,
        limit: '0',
        pass: within(checklist, 0),
        detail: `worst of ${drags.length} drags (the one commit at the gesture's end included)`,
      });
    }
  }
  for (const [size, f] of Object.entries(r.fit ?? {})) {
    const { app, nodered } = f;
    if (!app.length || !nodered.length) continue;
    const n = k(Number(size));
    const pick = (list: FitResult[], fn: (x: FitResult) => number) => median(list.map(fn));
    const pair = (fn: (x: FitResult) => number) => pairedRatio(app.map(fn), nodered.map(fn));
    rows.push({
      item: `Fit view ${n} (free graph) vs Node-RED: open until drawn (page load)`,
      app: ms(pick(app, (x) => x.openMs)),
      baseline: `Node-RED ${ms(pick(nodered, (x) => x.openMs))}`,
      ratio: ratio(pair((x) => x.openMs)),
    });
    const items: Array<[string, (x: FitResult) => number, (x: number) => string]> = [
      ['fit until drawn', (x) => x.fitMs, ms],
      ['pan at fit, frame p95', (x) => x.pan.p95, ms],
      ['zoom at fit, frame p95', (x) => x.zoom.p95, ms],
      ['JS heap after load', (x) => x.heapAfterLoadMB, mb],
      ['JS heap after fit', (x) => x.heapAfterFitMB, mb],
    ];
    for (const [label, fn, fmt] of items) {
      const rr = pair(fn);
      rows.push({ item: `Fit view ${n} vs Node-RED: ${label}`, app: fmt(pick(app, fn)), baseline: `Node-RED ${fmt(pick(nodered, fn))}`, ratio: ratio(rr) });
      if (label === 'JS heap after load') continue;
      budgets.push({
        name: `Fit view ${n}: ${label} ≤ 1.0× Node-RED`,
        value: rr,
        limit: '≤ 1.00×',
        pass: within(rr, 1),
        detail: `${fmt(pick(app, fn))} vs ${fmt(pick(nodered, fn))}`,
      });
    }
    rows.push({
      item: `Fit view ${n}: frames over 20 ms while panning / zooming; zoom and nodes drawn at fit`,
      app: `${pct(pick(app, (x) => slow(x.pan)))} / ${pct(pick(app, (x) => slow(x.zoom)))}; ${pick(app, (x) => x.zoomAtFit).toFixed(3)}, ${pick(app, (x) => x.nodesAtFit)} nodes`,
      baseline: `${pct(pick(nodered, (x) => slow(x.pan)))} / ${pct(pick(nodered, (x) => slow(x.zoom)))}; ${pick(nodered, (x) => x.zoomAtFit).toFixed(3)}, ${pick(nodered, (x) => x.nodesAtFit)} nodes`,
      ratio: '',
    });
  }
  return { rows, budgets };
}
