/** Summaries, budgets and the markdown table of a benchmark run. */
import type { FrameSummary } from '../page/measure';
import type { FirstLoad } from './bundle';
import type { Machine } from './machine';
import type { AutosaveResult, IngestResult, MonacoResult, Target } from './scenarios';
import { median, pairedRatio } from './stats';
import { summarizeGraph, type GraphResults } from './report-graph';

export type DragSummary = FrameSummary & { moved: boolean; rendersPerMove: number | null; moves: number };

export interface RunConfig {
  reps: number;
  sizes: number[];
  ingestSeconds: number;
  ingestRate: number;
  idleSeconds: number;
  panScale: number;
  dragMoves: number;
  monacoWarmRuns: number;
  saves: number;
}

export interface Results extends Partial<GraphResults> {
  date: string;
  machine: Machine;
  config: RunConfig;
  durationSeconds: number;
  open: Record<string, Record<Target, number[]> & { nodes: Record<Target, number[]> }>;
  panzoom: Record<string, Record<Target, Array<FrameSummary & { viewports: number }>>>;
  drag: Record<Target, DragSummary[]>;
  /** The build given with --candidate, if any. */
  candidate?: string;
  select: number[];
  ingest: IngestResult | null;
  monaco: MonacoResult[];
  autosave: AutosaveResult[];
  autosaveCandidate?: AutosaveResult[];
  firstLoad: { app: FirstLoad; baseline: FirstLoad; appCanvasChunk: FirstLoad } | null;
  errors: string[];
  summary?: Row[];
  budgets?: Budget[];
}

export interface Row {
  item: string;
  app: string;
  baseline: string;
  ratio: string;
}

export interface Budget {
  name: string;
  value: number | null;
  limit: string;
  pass: boolean | null;
  detail: string;
}

const ms = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : 'n/a');
const num = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const k = (n: number) => n.toLocaleString('en-US');

function frames(list: FrameSummary[]) {
  return {
    p50: median(list.map((f) => f.p50)),
    p95: median(list.map((f) => f.p95)),
    loafCount: median(list.map((f) => f.long.count)),
    loafMax: median(list.map((f) => f.long.maxMs)),
    /** Share of frames over 20 ms (a missed vsync), median over repetitions. */
    slow: median(list.map((f) => (f.over20 ?? NaN) / Math.max(1, f.frames))),
  };
}

export function summarize(r: Results): { rows: Row[]; budgets: Budget[] } {
  const rows: Row[] = [];
  const budgets: Budget[] = [];

  for (const size of r.config.sizes) {
    const o = r.open[size];
    if (!o) continue;
    const rr = pairedRatio(o.app, o.baseline);
    rows.push({
      item: `Open ${k(size)} steps (until every visible step is rendered)`,
      app: ms(median(o.app)),
      baseline: ms(median(o.baseline)),
      ratio: ratio(rr),
    });
    budgets.push({
      name: `Open ${k(size)} steps ≤ 1.5× baseline`,
      value: rr,
      limit: '≤ 1.50×',
      pass: Number.isFinite(rr) ? rr <= 1.5 : null,
      detail: `app ${ms(median(o.app))} vs baseline ${ms(median(o.baseline))}; ${median(o.nodes.app)} vs ${median(o.nodes.baseline)} nodes on screen`,
    });
  }
  for (const size of r.config.sizes) {
    const p = r.panzoom[size];
    if (!p) continue;
    const a = frames(p.app);
    const b = frames(p.baseline);
    const rr = pairedRatio(
      p.app.map((f) => f.p95),
      p.baseline.map((f) => f.p95),
    );
    rows.push({
      item: `Pan/zoom ${k(size)} steps: frame p50 / p95`,
      app: `${ms(a.p50)} / ${ms(a.p95)}`,
      baseline: `${ms(b.p50)} / ${ms(b.p95)}`,
      ratio: `p95 ${ratio(rr)}`,
    });
    rows.push({
      item: `Pan/zoom ${k(size)} steps: long animation frames (count / longest); frames over 20 ms`,
      app: `${num(a.loafCount, 0)} / ${ms(a.loafMax)}; ${pct(a.slow)}`,
      baseline: `${num(b.loafCount, 0)} / ${ms(b.loafMax)}; ${pct(b.slow)}`,
      ratio: '',
    });
    budgets.push({
      name: `Pan/zoom ${k(size)} p95 ≤ 1.2× baseline`,
      value: rr,
      limit: '≤ 1.20×',
      pass: Number.isFinite(rr) ? rr <= 1.2 : null,
      detail: `p95 ${ms(a.p95)} vs ${ms(b.p95)}`,
    });
  }
  if (r.drag.app.length || r.drag.baseline.length) {
    const a = frames(r.drag.app);
    const b = frames(r.drag.baseline);
    const renders = r.drag.app.map((d) => d.rendersPerMove ?? NaN).filter(Number.isFinite);
    const worst = renders.length ? Math.max(...renders) : NaN;
    rows.push({
      item: `Drag one step among 1,000: frame p50 / p95; frames over 20 ms`,
      app: `${ms(a.p50)} / ${ms(a.p95)}; ${pct(a.slow)}`,
      baseline: `${ms(b.p50)} / ${ms(b.p95)}; ${pct(b.slow)}`,
      ratio: `p95 ${ratio(
        pairedRatio(
          r.drag.app.map((f) => f.p95),
          r.drag.baseline.map((f) => f.p95),
        ),
      )}`,
    });
    rows.push({
      item: 'Drag: step renders per pointer move',
      app: num(median(renders)),
      baseline: '—',
      ratio: '',
    });
    budgets.push({
      name: 'Step renders per drag move ≤ 2',
      value: worst,
      limit: '≤ 2',
      pass: Number.isFinite(worst) ? worst <= 2 : null,
      detail: `worst of ${renders.length} drags`,
    });
  }
  if (r.select.length)
    rows.push({
      item: 'Select a step until its settings form shows',
      app: ms(median(r.select)),
      baseline: '—',
      ratio: '',
    });
  if (r.ingest) {
    const g = r.ingest;
    const rr = g.ingest.p95 / g.idle.p95;
    rows.push({
      item: `Trace ingestion (${k(r.config.ingestRate)}/s for ${r.config.ingestSeconds} s, 500 steps): frame p50 / p95`,
      app: `${ms(g.ingest.p50)} / ${ms(g.ingest.p95)}`,
      baseline: `idle ${ms(g.idle.p50)} / ${ms(g.idle.p95)}`,
      ratio: `p95 ${ratio(rr)} idle`,
    });
    rows.push({
      item: 'Trace ingestion: store commits per frame (max / mean); events applied',
      app: `${g.maxRunCommitsPerFrame} / ${num(g.meanRunCommitsPerFrame)}; ${k(g.applied)} of ${k(g.offered + 1)}`,
      baseline: '—',
      ratio: '',
    });
    rows.push({
      item: 'Trace ingestion: long animation frames (count / longest)',
      app: `${g.ingest.long.count} / ${ms(g.ingest.long.maxMs)}`,
      baseline: `idle ${g.idle.long.count} / ${ms(g.idle.long.maxMs)}`,
      ratio: '',
    });
    budgets.push({
      name: 'Ingestion p95 frame ≤ 1.25× idle',
      value: rr,
      limit: '≤ 1.25×',
      pass: Number.isFinite(rr) ? rr <= 1.25 : null,
      detail: `p95 ${ms(g.ingest.p95)} vs idle ${ms(g.idle.p95)}`,
    });
    budgets.push({
      name: 'Ingestion ≤ 1 store commit per frame',
      value: g.maxRunCommitsPerFrame,
      limit: '≤ 1',
      pass: g.maxRunCommitsPerFrame <= 1,
      detail: `max ${g.maxRunCommitsPerFrame} run commits in a frame (all store updates: max ${g.maxStoreUpdatesPerFrame})`,
    });
  }
  if (r.monaco.length) {
    const cold = median(r.monaco.map((m) => m.coldMs));
    const warm = median(r.monaco.flatMap((m) => m.warmMs));
    const other = Math.max(...r.monaco.map((m) => m.otherRenders / m.keystrokes));
    const self = median(r.monaco.map((m) => m.selfRenders / m.keystrokes));
    const reached = r.monaco.every((m) => m.typedReachedStore);
    rows.push({
      item: 'Monaco on a function step until typeable: cold / warm',
      app: `${ms(cold)} / ${ms(warm)}`,
      baseline: '—',
      ratio: '',
    });
    rows.push({
      item: 'Canvas renders per keystroke: other steps / the edited step',
      app: `${num(other, 3)} / ${num(self, 3)}`,
      baseline: '—',
      ratio: reached ? '' : 'typing did not reach the store',
    });
    budgets.push({
      name: 'Monaco typeable ≤ 800 ms warm',
      value: warm,
      limit: '≤ 800 ms',
      pass: Number.isFinite(warm) ? warm <= 800 : null,
      detail: `cold ${ms(cold)}`,
    });
    budgets.push({
      name: '0 canvas renders per keystroke',
      value: other,
      limit: '0',
      pass: reached ? other === 0 : null,
      detail: `other steps' nodes; the edited step's own node re-renders ${num(self, 3)}× per keystroke (its summary shows the code, after the debounced push)`,
    });
  } else {
    budgets.push({
      name: 'Monaco typeable ≤ 800 ms warm',
      value: null,
      limit: '≤ 800 ms',
      pass: null,
      detail: 'pending',
    });
  }
  if (r.autosave.length) {
    const saves = r.autosave.flatMap((a) => a.saves);
    const longest = saves.map((s) => s.tasks?.longestMs ?? NaN).filter(Number.isFinite);
    const m = median(longest);
    rows.push({
      item: 'Autosave a 1,000-step flow: longest main-thread task (median / worst)',
      app: `${ms(m)} / ${ms(Math.max(...longest))}`,
      baseline: '—',
      ratio: '',
    });
    rows.push({
      item: 'Autosave: edit to saved; tasks > 16 ms per save',
      app: `${ms(median(saves.map((s) => s.saveMs)))}; ${num(median(saves.map((s) => s.tasks?.over16 ?? NaN)), 0)}`,
      baseline: '—',
      ratio: '',
    });
    rows.push({
      item: 'Autosave: longest task of the edit itself, before the save (not in the budget)',
      app: ms(median(saves.map((s) => s.editTasks?.longestMs ?? NaN))),
      baseline: '—',
      ratio: '',
    });
    budgets.push({
      name: 'Autosave blocks ≤ 16 ms',
      value: m,
      limit: '≤ 16 ms',
      pass: Number.isFinite(m) ? m <= 16 : null,
      detail: `median of ${longest.length} saves; worst ${ms(Math.max(...longest))}`,
    });
  }
  if (r.firstLoad) {
    const f = r.firstLoad;
    const diff = f.app.gzipBytes - f.baseline.gzipBytes;
    rows.push({
      item: 'First-load JS (gzip)',
      app: `${kb(f.app.gzipBytes)} (${f.app.chunks} chunks)`,
      baseline: `${kb(f.baseline.gzipBytes)} (${f.baseline.chunks} chunks)`,
      ratio: `${diff >= 0 ? '+' : ''}${kb(diff)}`,
    });
    rows.push({
      item: 'Canvas chunk loaded on opening a flow in the canvas (gzip)',
      app: kb(f.appCanvasChunk.gzipBytes),
      baseline: '(in first load)',
      ratio: '',
    });
    budgets.push({
      name: 'First-load JS ≤ baseline + 100 KB gzip',
      value: diff / 1024,
      limit: '≤ +100 KB',
      pass: diff <= 100 * 1024,
      detail: `${kb(f.app.gzipBytes)} vs ${kb(f.baseline.gzipBytes)}`,
    });
  }
  if (r.candidate) {
    // A/B: the candidate build against the app, same repetitions.
    for (const size of r.config.sizes) {
      const o = r.open[size];
      const p = r.panzoom[size];
      if (o?.candidate.length)
        rows.push({
          item: `Candidate: open ${k(size)} steps`,
          app: ms(median(o.app)),
          baseline: `candidate ${ms(median(o.candidate))}`,
          ratio: `${ratio(pairedRatio(o.candidate, o.app))} app`,
        });
      if (p?.candidate.length) {
        const a = frames(p.app);
        const c = frames(p.candidate);
        rows.push({
          item: `Candidate: pan/zoom ${k(size)} steps p50 / p95; frames over 20 ms`,
          app: `${ms(a.p50)} / ${ms(a.p95)}; ${pct(a.slow)}`,
          baseline: `candidate ${ms(c.p50)} / ${ms(c.p95)}; ${pct(c.slow)}`,
          ratio: `p95 ${ratio(
            pairedRatio(
              p.candidate.map((f) => f.p95),
              p.app.map((f) => f.p95),
            ),
          )} app`,
        });
      }
    }
    if (r.autosaveCandidate?.length && r.autosave.length) {
      const longest = (list: AutosaveResult[]) =>
        median(list.flatMap((a) => a.saves.map((s) => s.tasks?.longestMs ?? NaN)).filter(Number.isFinite));
      const a = longest(r.autosave);
      const c = longest(r.autosaveCandidate);
      rows.push({
        item: 'Candidate: autosave longest task (median)',
        app: ms(a),
        baseline: `candidate ${ms(c)}`,
        ratio: `${ratio(c / a)} app`,
      });
    }
    if (r.drag.candidate.length) {
      const a = frames(r.drag.app);
      const c = frames(r.drag.candidate);
      rows.push({
        item: 'Candidate: drag p50 / p95',
        app: `${ms(a.p50)} / ${ms(a.p95)}`,
        baseline: `candidate ${ms(c.p50)} / ${ms(c.p95)}`,
        ratio: `p95 ${ratio(
          pairedRatio(
            r.drag.candidate.map((f) => f.p95),
            r.drag.app.map((f) => f.p95),
          ),
        )} app`,
      });
    }
  }
  const graph = summarizeGraph(r);
  rows.push(...graph.rows);
  budgets.push(...graph.budgets);
  return { rows, budgets };
}

export function markdown(r: Results): string {
  const { rows, budgets } = summarize(r);
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`## Benchmark results (${r.date.slice(0, 10)})`);
  lines.push('');
  lines.push(
    `Measured ${r.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.chromium} (headless, --disable-gpu), Node ${m.node}; ` +
      `load average ${m.loadStart}${m.loadEnd !== undefined ? ` → ${m.loadEnd}` : ''} (shared machine). ` +
      `${r.config.reps} interleaved repetitions, medians; ratios are medians of per-repetition app/baseline ratios. Run took ${Math.round(r.durationSeconds)} s.`,
  );
  lines.push('');
  lines.push('| Item | App | Baseline | Ratio |');
  lines.push('| --- | --- | --- | --- |');
  for (const row of rows) lines.push(`| ${row.item} | ${row.app} | ${row.baseline} | ${row.ratio} |`);
  lines.push('');
  lines.push('| Budget | Value | Limit | Result |');
  lines.push('| --- | --- | --- | --- |');
  for (const b of budgets) {
    const value =
      b.value === null || !Number.isFinite(b.value)
        ? 'n/a'
        : b.name.includes('×')
          ? ratio(b.value)
          : b.name.includes('KB')
            ? `${b.value >= 0 ? '+' : ''}${b.value.toFixed(1)} KB`
            : b.name.includes(' ms')
              ? ms(b.value)
              : num(b.value, 3);
    const result = b.pass === null ? 'pending' : b.pass ? 'pass' : '**FAIL**';
    lines.push(`| ${b.name} | ${value} | ${b.limit} | ${result} (${b.detail}) |`);
  }
  if (r.errors.length) {
    lines.push('');
    lines.push('Errors during the run:');
    for (const e of r.errors) lines.push(`- ${e}`);
  }
  lines.push('');
  return lines.join('\n');
}
