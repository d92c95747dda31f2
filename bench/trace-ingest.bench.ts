/**
 * Trace ingestion benchmark: a 500-step flow's run receiving 10,000 events/s, folded into run state with
 * `applyEvents` in animation-frame-sized batches (what `createEventBatcher` does in the editor), then
 * committed to a store watched by one selector per step (what the canvas nodes and list rows do).
 *
 *   npx tsx bench/trace-ingest.bench.ts               # 60 s
 *   npx tsx bench/trace-ingest.bench.ts --seconds 5   # quick
 *   options: --rate 10000 --steps 500 --fps 60
 *
 * Paced in real time: each frame applies the events that "arrived" since the last one, so if the reducer
 * falls behind, batches grow and the sustained rate drops below the offered one. Printed: per-batch reducer
 * cost and store commit cost (p50/p95/max), events/s sustained, and how much of a frame the reducer used.
 */
import { performance } from 'node:perf_hooks';
import { createStore } from 'zustand/vanilla';
import { applyEvents, initialRunState, listLast, type RunState } from '../src/backends/run-state';
import type { TraceEvent } from '../src/backends/trace';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const seconds = arg('seconds', 60);
const rate = arg('rate', 10_000);
const stepCount = arg('steps', 500);
const fps = arg('fps', 60);
const frameMs = 1000 / fps;
const runId = 'bench-run';

/**
 * An endless plausible run: steps start, log and finish in order; every 10th step is a loop body that runs
 * 20 iterations per pass; every 7th finishes with an error log; outputs are small objects.
 */
function* eventSource(): Generator<TraceEvent> {
  let seq = 0;
  let at = Date.now();
  yield { runId, seq: seq++, at, type: 'run-started', flowId: 'bench-flow', inputs: { n: 1 }, trigger: 'bench' };
  for (let pass = 0; ; pass++) {
    for (let s = 0; s < stepCount; s++) {
      const stepId = `step-${s}`;
      const iterations = s % 10 === 0 ? 20 : 1;
      for (let k = 0; k < iterations; k++) {
        const iteration = iterations > 1 ? [pass * iterations + k] : [];
        at += 1;
        yield { runId, seq: seq++, at, type: 'step-started', stepId, iteration, inputs: { pass, k } };
        yield { runId, seq: seq++, at, type: 'log', level: s % 7 === 0 ? 'warn' : 'info', message: `step ${s} pass ${pass}`, stepId, iteration };
        at += 1;
        yield {
          runId, seq: seq++, at, type: 'step-finished', stepId, iteration, status: 'succeeded', durationMs: 1,
          outputs: { pass, k, value: `v${s}-${pass}` }, ...(s % 50 === 0 ? { branch: 'then' } : {}),
        };
      }
    }
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

async function main() {
  const source = eventSource();
  const store = createStore<{ run: RunState }>()(() => ({ run: initialRunState(runId) }));
  // One subscriber per step, like canvas nodes: each re-renders only when its own record changes.
  let notified = 0;
  for (let s = 0; s < stepCount; s++) {
    const id = `step-${s}`;
    let last = store.getState().run.steps[id];
    store.subscribe((st) => {
      const next = st.run.steps[id];
      if (next !== last) {
        last = next;
        notified++;
      }
    });
  }

  const reducerMs: number[] = [];
  const commitMs: number[] = [];
  const batchSizes: number[] = [];
  let offered = 0;
  let owed = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let nextFrame = start;
  let lastReport = start;
  console.log(`trace-ingest: ${rate} events/s offered for ${seconds} s, ${stepCount} steps, ${fps} fps frames (node ${process.version})`);

  while (performance.now() < end) {
    nextFrame += frameMs;
    const wait = nextFrame - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Events that arrived since the previous frame (real elapsed time, so lateness grows the batch).
    const now = performance.now();
    const due = Math.min(now, end) - start;
    owed = (due / 1000) * rate - offered;
    const n = Math.floor(owed);
    if (n <= 0) continue;
    const batch: TraceEvent[] = new Array(n);
    for (let i = 0; i < n; i++) batch[i] = source.next().value as TraceEvent;
    offered += n;

    const t0 = performance.now();
    const next = applyEvents(store.getState().run, batch);
    const t1 = performance.now();
    store.setState({ run: next });
    const t2 = performance.now();
    reducerMs.push(t1 - t0);
    commitMs.push(t2 - t1);
    batchSizes.push(n);

    if (now - lastReport > 5000) {
      lastReport = now;
      const s = store.getState().run;
      console.log(`  ${((now - start) / 1000).toFixed(0)} s: ${s.eventCount} events, ${s.logs.length} log lines, last batch ${n} events in ${fmt(t1 - t0)}`);
    }
  }

  const elapsed = (performance.now() - start) / 1000;
  const run = store.getState().run;
  const loop = run.steps['step-0'];
  const r = [...reducerMs].sort((a, b) => a - b);
  const c = [...commitMs].sort((a, b) => a - b);
  const b = [...batchSizes].sort((a, b2) => a - b2);
  const totalReducer = reducerMs.reduce((x, y) => x + y, 0) / 1000;
  console.log('');
  console.log(`batches            ${reducerMs.length} (events per batch p50 ${percentile(b, 50)}, max ${b[b.length - 1] ?? 0})`);
  console.log(`reducer per batch  p50 ${fmt(percentile(r, 50))}  p95 ${fmt(percentile(r, 95))}  max ${fmt(r[r.length - 1] ?? 0)}`);
  console.log(`commit + notify    p50 ${fmt(percentile(c, 50))}  p95 ${fmt(percentile(c, 95))}  max ${fmt(c[c.length - 1] ?? 0)}  (${stepCount} step selectors, ${notified} step notifications)`);
  console.log(`events applied     ${run.eventCount} in ${elapsed.toFixed(1)} s = ${Math.round(run.eventCount / elapsed)} events/s sustained (offered ${rate})`);
  console.log(`reducer capacity   ${Math.round(run.eventCount / Math.max(totalReducer, 1e-9))} events/s of reducer time; p95 batch uses ${((percentile(r, 95) / frameMs) * 100).toFixed(1)}% of a ${frameMs.toFixed(1)} ms frame`);
  console.log(`final state        ${run.logs.length} log lines, ${run.stepOrder.length} steps, step-0 has ${loop?.iterations.length ?? 0} iteration records (last key ${listLast(loop?.iterations ?? { chunks: [], length: 0 })?.key ?? '-'})`);
  console.log(`heap used          ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
}

void main();
