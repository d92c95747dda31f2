/**
 * Engine benchmark (not a test). Run: `npx tsx bench/engine.bench.ts`.
 *
 * - overhead per non-code step: a long sequence of template steps, each referencing the previous one
 *   (resolution, events, timers, bookkeeping; no sandbox), plus the same inside a count loop;
 * - function steps per second: a loop whose body is one QuickJS function step (fresh context per step);
 * - trace events per second through the in-process runner's AsyncIterable, consumed with for-await.
 */
import type { Flow } from '../src/model/flow';
import type { TraceEvent } from '../src/backends/trace';
import { createInProcessEngineRunner } from '../src/backends/local/engine/in-process-runner';
import { runFlow } from '../src/backends/local/engine/run-flow';
import { blockFlow, fn, loopStep, s, type StepSpec } from '../src/backends/local/engine/test-flows';
import { BUILTIN_MODULE_IMPLEMENTATIONS } from '../src/backends/local/modules';
import { nodeQuickJSLoader } from '../src/backends/local/sandbox/loader';
import { createQuickJSSandbox } from '../src/backends/local/sandbox/quickjs-sandbox';

const sandbox = createQuickJSSandbox({ loader: nodeQuickJSLoader });

async function timeRun(flow: Flow): Promise<{ ms: number; events: number; status: string }> {
  let events = 0;
  const t0 = performance.now();
  const result = await runFlow(flow, {
    runId: 'bench',
    inputs: {},
    modules: BUILTIN_MODULE_IMPLEMENTATIONS,
    sandbox: () => Promise.resolve(sandbox),
    emit: () => void events++,
  });
  return { ms: performance.now() - t0, events, status: result.status };
}

function sequence(n: number): Flow {
  const steps: StepSpec[] = [s('s0', 'core.text_template', { template: 'start' })];
  for (let i = 1; i < n; i++) steps.push(s(`s${i}`, 'core.text_template', { template: `{{steps.s${i - 1}.text}}`.concat(i % 50 === 0 ? '' : '') }));
  return blockFlow(steps);
}

function best<T extends { ms: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

async function repeat<T extends { ms: number }>(times: number, f: () => Promise<T>): Promise<T> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await f());
  return best(out);
}

async function main(): Promise<void> {
  const rows: Array<[string, string, string]> = [];

  // Cold start of the sandbox: loading and compiling the QuickJS WebAssembly module + first call.
  const c0 = performance.now();
  await sandbox.runFunction('return 1', { inputs: {}, steps: {}, params: {}, vars: {} }, { timeoutMs: 5000 });
  rows.push(['QuickJS load + first call', `${(performance.now() - c0).toFixed(1)} ms`, 'once per worker']);

  // Warm-up so the JIT has seen the hot paths.
  await timeRun(sequence(2000));

  const N = 10_000;
  const seq = await repeat(3, () => timeRun(sequence(N)));
  rows.push(['Engine overhead per non-code step (sequence)', `${((seq.ms * 1000) / N).toFixed(1)} µs`, `${N} template steps, best of 3, ${seq.status}`]);

  const L = 10_000;
  const loopFlow = blockFlow([loopStep('l', { count: L, maxIterations: L }, [s('x', 'core.json_stringify', { value: '{{steps.l.index}}' })])]);
  const loop = await repeat(3, () => timeRun(loopFlow));
  rows.push(['Engine overhead per non-code step (in a loop)', `${((loop.ms * 1000) / L).toFixed(1)} µs`, `${L} iterations, best of 3, ${loop.status}`]);

  const F = 2000;
  const fnFlow = blockFlow([loopStep('l', { count: F, maxIterations: F }, [fn('f', 'const a = [];\nfor (let i = 0; i < 10; i++) a.push(i * steps.l.index);\nreturn a.length;')])]);
  await timeRun(blockFlow([loopStep('l', { count: 200 }, [fn('f', 'return 1')])]));
  const fnRun = await repeat(3, () => timeRun(fnFlow));
  rows.push(['Function steps per second', `${Math.round((F * 1000) / fnRun.ms).toLocaleString('en')}`, `${F} sandboxed steps, ${((fnRun.ms * 1000) / F).toFixed(0)} µs each, ${fnRun.status}`]);

  const runner = createInProcessEngineRunner({ sandbox: () => Promise.resolve(sandbox) });
  const E = 20_000;
  const evFlow = blockFlow([loopStep('l', { count: E, maxIterations: E }, [s('log', 'core.log', { level: 'debug', message: 'i={{steps.l.index}}' })])]);
  const evRun = await repeat(3, async () => {
    const t0 = performance.now();
    let n = 0;
    let last: TraceEvent | undefined;
    for await (const e of runner.start({ runId: `ev-${Math.random()}`, flow: evFlow, inputs: {}, trigger: 'bench' })) {
      n++;
      last = e;
    }
    return { ms: performance.now() - t0, n, ok: last?.type === 'run-finished' };
  });
  rows.push(['Trace events per second (in-process iterable)', `${Math.round((evRun.n * 1000) / evRun.ms).toLocaleString('en')}`, `${evRun.n} events in ${evRun.ms.toFixed(0)} ms, ended with run-finished: ${evRun.ok}`]);
  runner.dispose();
  sandbox.dispose();

  console.log(`\nFlowbench local engine benchmark (Node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log('| Measure | Result | Notes |');
  console.log('| --- | ---: | --- |');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  console.log('');
}

void main();
