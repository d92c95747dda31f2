/**
 * The fit-view side by side: the free-graph fixture (bench/fixtures/flows.ts `graph`) in the app and in
 * Node-RED's own editor (the `node-red` devDependency, started on a free port with a generated user dir).
 *
 * Per page, in a fresh browser context: open the flow until drawn, JS heap after load, fit the whole flow
 * (the app's Fit button; Node-RED has no fit, so its zoom-out down to its own minimum, 0.3) until drawn, heap
 * after fit, then at that zoom a pan script and a zoom script (one input per frame) with frame times.
 * Heap is `Runtime.getHeapUsage().usedSize` after a forced garbage collection (CDP).
 *
 * The same flow: the same nodes and wires. Positions are on the same grid, scaled to each editor's node
 * size (Node-RED's workspace is 8000 × 8000 and its nodes are ~120 × 30, the app's 220 × 64); Node-RED's
 * labels are short (`step 17`), so its nodes stay one cell wide.
 */
import type { Browser, Page } from 'playwright';
import { fixtureFlow, type FixtureSpec } from '../fixtures/flows';
import { frameSummary, type FrameSummary } from '../page/measure';
import { newPage, type Log } from './scenarios';
import './page-types';

export interface FitResult {
  openMs: number;
  nodesAtOpen: number;
  heapAfterLoadMB: number;
  fitMs: number;
  nodesAtFit: number;
  zoomAtFit: number;
  heapAfterFitMB: number;
  pan: FrameSummary;
  zoom: FrameSummary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1024 / 1024;
  } finally {
    await cdp.detach();
  }
}

// --- Node-RED -------------------------------------------------------------------------------------------

const RED_CELL = { width: 160, height: 64 };
const redColumns = (steps: number) => (steps <= 1000 ? 25 : 48);

/** The fixture as Node-RED flows: one tab, an inject for the trigger, function nodes, 3-output switches. */
export function nodeRedFlows(spec: FixtureSpec): Array<Record<string, unknown>> {
  const flow = fixtureFlow(spec);
  const tab = 'benchtab';
  const cols = redColumns(flow.root.length);
  const wires = new Map<string, string[][]>();
  for (const e of flow.edges) {
    const step = flow.steps[e.source]!;
    const outs = step.ports?.outputs.map((p) => p.id) ?? ['out'];
    const list = wires.get(e.source) ?? outs.map(() => []);
    list[Math.max(0, outs.indexOf(e.sourcePort))]!.push(e.target);
    wires.set(e.source, list);
  }
  const nodes: Array<Record<string, unknown>> = [{ id: tab, type: 'tab', label: 'Bench', disabled: false, info: '' }];
  flow.root.forEach((id, i) => {
    const step = flow.steps[id]!;
    const row = Math.floor(i / cols);
    const k = i % cols;
    const col = row % 2 === 0 ? k : cols - 1 - k;
    const base = { id, z: tab, name: `step ${i}`, x: 80 + col * RED_CELL.width, y: 40 + row * RED_CELL.height, wires: wires.get(id) ?? [[]] };
    if (step.kind === 'trigger') nodes.push({ ...base, type: 'inject', props: [{ p: 'payload' }], repeat: '', once: false, payload: '', payloadType: 'date', topic: '' });
    else if (step.ports?.outputs.length === 3)
      nodes.push({
        ...base,
        type: 'switch',
        property: 'payload',
        propertyType: 'msg',
        rules: [{ t: 'eq', v: 'a', vt: 'str' }, { t: 'else' }, { t: 'eq', v: 'x', vt: 'str' }],
        checkall: 'true',
        repair: false,
        outputs: 3,
        wires: wires.get(id) ?? [[], [], []],
      });
    else nodes.push({ ...base, type: 'function', func: 'return msg;', outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] });
  });
  return nodes;
}

export async function deployToNodeRed(url: string, spec: FixtureSpec): Promise<void> {
  const res = await fetch(`${url}/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' },
    body: JSON.stringify({ flows: nodeRedFlows(spec) }),
  });
  if (!res.ok) throw new Error(`Node-RED deploy: ${res.status} ${await res.text()}`);
}

/** In the page: resolves when the number of drawn Node-RED nodes reached `n` and stayed for 4 frames. */
function redDrawn(page: Page, n: number): Promise<{ paintedAt: number; nodes: number }> {
  return page.evaluate(
    (expected) =>
      new Promise<{ paintedAt: number; nodes: number }>((resolve, reject) => {
        const deadline = performance.now() + 120_000;
        let since = 0;
        let last = '';
        let firstAt = 0;
        const tick = () => {
          const chart = document.querySelector('#red-ui-workspace-chart');
          const count = chart ? chart.querySelectorAll('.red-ui-flow-node-group').length : 0;
          const sig = count >= expected ? `${count}|${chart!.querySelector('.red-ui-workspace-chart-event-layer')?.getAttribute('transform') ?? ''}|${chart!.scrollLeft},${chart!.scrollTop}` : '';
          if (sig && sig === last) {
            if (++since >= 4) return resolve({ paintedAt: firstAt, nodes: count });
          } else {
            last = sig;
            since = sig ? 1 : 0;
            firstAt = performance.now();
          }
          if (performance.now() > deadline) return reject(new Error(`Node-RED: ${count} of ${expected} nodes drawn`));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/**
 * Frame times while `step(i)` runs once per frame for `count` frames (in the page, which has none of the
 * bench's page code: the deltas are recorded here and summarised by the same `frameSummary` as the app's).
 */
async function framesWhile(page: Page, count: number, body: string): Promise<FrameSummary> {
  const record = await page.evaluate(
    ({ count, body }) => {
      const step = new Function('i', body) as (i: number) => void;
      return new Promise<{ deltas: number[]; durationMs: number }>((resolve) => {
        const deltas: number[] = [];
        let last = -1;
        let frame = 0;
        const started = performance.now();
        const tick = (now: number) => {
          if (last >= 0) deltas.push(now - last);
          last = now;
          if (frame < count) step(frame);
          if (frame++ > count) return resolve({ deltas, durationMs: performance.now() - started });
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
    { count, body },
  );
  return frameSummary({ ...record, long: { kind: 'none', count: 0, maxMs: 0, blockingMs: 0 } });
}

export async function nodeRedFitSession(browser: Browser, url: string, spec: FixtureSpec, scale: number, log: Log): Promise<FitResult> {
  const { context, page } = await newPage(browser, log);
  try {
    const n = spec.steps;
    await page.goto(`${url}/`);
    const open = await redDrawn(page, n);
    await sleep(1000);
    const heapAfterLoadMB = await heapMB(page);
    // Node-RED's smallest zoom is 0.3 (zoomOut stops there): its nearest to "fit".
    const t0 = await page.evaluate(() => {
      const t = performance.now();
      const RED = (window as unknown as { RED: { actions: { invoke(a: string): void } } }).RED;
      for (let i = 0; i < 10; i++) RED.actions.invoke('core:zoom-out');
      return t;
    });
    const fit = await redDrawn(page, n);
    const zoomAtFit = await page.evaluate(() => (window as unknown as { RED: { view: { scale(): number } } }).RED.view.scale());
    await sleep(1000);
    const heapAfterFitMB = await heapMB(page);
    const frames = Math.max(10, Math.round(120 * scale));
    const pan = await framesWhile(
      page,
      2 * frames,
      `const c = document.querySelector('#red-ui-workspace-chart'); c.scrollTop += i < ${frames} ? 12 : -12; c.scrollLeft += i < ${frames} ? 4 : -4;`,
    );
    const zoomFrames = Math.max(8, Math.round(56 * scale));
    const zoom = await framesWhile(page, zoomFrames, `RED.actions.invoke(Math.floor(i / 7) % 2 === 0 ? 'core:zoom-in' : 'core:zoom-out');`);
    return { openMs: open.paintedAt, nodesAtOpen: open.nodes, heapAfterLoadMB, fitMs: fit.paintedAt - t0, nodesAtFit: fit.nodes, zoomAtFit, heapAfterFitMB, pan, zoom };
  } finally {
    await context.close();
  }
}

// --- the app -------------------------------------------------------------------------------------------

export async function appFitSession(browser: Browser, appUrl: string, spec: FixtureSpec, scale: number, log: Log): Promise<FitResult> {
  const { context, page } = await newPage(browser, log);
  try {
    await page.goto(`${appUrl}/?bench#/`);
    await page.waitForFunction(() => window.__fb?.ready === true, null, { timeout: 60_000 });
    const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
    // Open from a fresh page load, as Node-RED's editor is opened: navigation start to drawn.
    await page.goto(`${appUrl}/?bench#/flow/${encodeURIComponent(seeded.id)}`);
    await page.waitForFunction(() => window.__fb?.ready === true, null, { timeout: 60_000 });
    await page.evaluate(() => localStorage.setItem('flowbench.view', 'canvas'));
    await page.reload();
    await page.waitForFunction(() => window.__fb?.ready === true, null, { timeout: 60_000 });
    const open = await page.evaluate(async (id) => {
      const fb = window.__fb!;
      const r = await fb.measure.whenCanvasRendered(() => (fb.openFlowId() === id ? document.querySelector('.fb-canvas') : null));
      return { ms: r.paintedAt, nodes: r.nodes };
    }, seeded.id);
    await sleep(1000);
    const heapAfterLoadMB = await heapMB(page);
    const fit = await page.evaluate(async () => {
      const fb = window.__fb!;
      const t0 = fb.fit();
      const r = await fb.measure.whenCanvasRendered(() => document.querySelector('.fb-canvas'));
      const vp = document.querySelector<HTMLElement>('.fb-canvas .react-flow__viewport')!.style.transform;
      return { ms: r.paintedAt - t0, nodes: r.nodes, zoom: Number(/scale\(([\d.]+)\)/.exec(vp)?.[1] ?? NaN) };
    });
    await sleep(1000);
    const heapAfterFitMB = await heapMB(page);
    const frames = Math.max(10, Math.round(120 * scale));
    const zoomFrames = Math.max(8, Math.round(56 * scale));
    const { pan, zoom } = await page.evaluate(
      async ({ frames, zoomFrames }) => {
        const m = window.__fb!.measure;
        const root = document.querySelector('.fb-canvas .react-flow')!;
        const panScript = [
          ...Array.from({ length: frames }, () => ({ pan: [4, 12] as [number, number] })),
          ...Array.from({ length: frames }, () => ({ pan: [-4, -12] as [number, number] })),
        ];
        const pan = m.frameSummary(await m.playPanZoom(root, panScript));
        const zoomScript = Array.from({ length: zoomFrames }, (_, i) => ({ zoom: Math.floor(i / 7) % 2 === 0 ? -60 : 60 }));
        const zoom = m.frameSummary(await m.playPanZoom(root, zoomScript));
        return { pan, zoom };
      },
      { frames, zoomFrames },
    );
    return { openMs: open.ms, nodesAtOpen: open.nodes, heapAfterLoadMB, fitMs: fit.ms, nodesAtFit: fit.nodes, zoomAtFit: fit.zoom, heapAfterFitMB, pan, zoom };
  } finally {
    await context.close();
  }
}
