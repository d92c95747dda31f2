/**
 * The measured scenarios. Each runs in a fresh browser context (fresh IndexedDB, storage and HTTP cache),
 * drives one page (the app through `window.__fb`, or the baseline through `window.__baseline`) and returns
 * plain numbers. In-page work uses the shared helpers of bench/page/measure.ts.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { FixtureSpec } from '../fixtures/flows';
import type { FrameSummary } from '../page/measure';
import { parseTrace, tasksAfterMark, type TaskSummary } from './trace';
import './page-types';

/** `candidate`: another build of the app (`--candidate <dist>`), measured like the app for an A/B comparison. */
export type Target = 'app' | 'baseline' | 'candidate';

export interface Servers {
  app: string;
  baseline: string;
  candidate?: string;
}

export interface Size {
  width: number;
  height: number;
}

const VIEWPORT = { width: 1920, height: 1080 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const WARMUP: FixtureSpec = { shape: 'chain', steps: 20 };

export interface Log {
  (msg: string): void;
}

/** A context that can reach 127.0.0.1 only. */
export async function newPage(browser: Browser, log: Log): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.route(/^(https?|wss?):\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  // tsx (esbuild, keepNames) wraps named functions in `__name(...)`; functions passed to page.evaluate
  // carry those calls into the page.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error: ${e.message.split('\n')[0]}`));
  return { context, page };
}

async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/?bench#/`);
  await page.waitForFunction(() => window.__fb?.ready === true, null, { timeout: 60_000 });
}

async function openBaseline(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForFunction(() => window.__baseline?.ready === true, null, { timeout: 60_000 });
}

/** Opens a seeded flow in the app's canvas and waits until it is rendered; ms from the hash change. */
async function appOpen(page: Page, id: string): Promise<{ ms: number; nodes: number }> {
  return page.evaluate(async (flowId) => {
    const fb = window.__fb!;
    const t0 = fb.open(flowId);
    const r = await fb.measure.whenCanvasRendered(() =>
      fb.openFlowId() === flowId ? document.querySelector('.fb-canvas') : null,
    );
    return { ms: r.paintedAt - t0, nodes: r.nodes };
  }, id);
}

async function appClose(page: Page): Promise<void> {
  await page.evaluate(() => window.__fb!.close());
  await page.waitForFunction(() => !document.querySelector('.fb-editor'));
}

async function baselineOpen(page: Page, size: Size): Promise<{ ms: number; nodes: number }> {
  return page.evaluate(async ({ width, height }) => {
    const b = window.__baseline!;
    const t0 = b.open(width, height);
    const r = await b.measure.whenCanvasRendered(() => document.querySelector('#frame'));
    return { ms: r.paintedAt - t0, nodes: r.nodes };
  }, size);
}

export interface CanvasResult {
  /** Two opens of the flow in the same page, one after the other. */
  open: Array<{ ms: number; nodes: number }>;
  panzoom: FrameSummary & { viewports: number };
  drag?: FrameSummary & { moved: boolean; rendersPerMove: number | null; checklistPerMove?: number | null; moves: number };
  select?: number[];
  canvas?: Size;
}

const ROOT = {
  app: '.fb-canvas .react-flow',
  candidate: '.fb-canvas .react-flow',
  baseline: '#frame .react-flow',
} as const;

/**
 * Open a flow (after a small warm-up flow, so the code is loaded and warm in both pages), pan and zoom
 * across it, then optionally drag one step and select steps.
 */
export async function canvasSession(
  browser: Browser,
  servers: Servers,
  target: Target,
  spec: FixtureSpec,
  opts: { drag: boolean; select: boolean; size?: Size; panScale: number; dragMoves: number },
  log: Log,
): Promise<CanvasResult> {
  const { context, page } = await newPage(browser, log);
  try {
    const open: Array<{ ms: number; nodes: number }> = [];
    let canvas: Size | undefined;
    const kind = target === 'baseline' ? 'baseline' : 'app';
    if (kind === 'app') {
      await openApp(page, target === 'candidate' ? servers.candidate! : servers.app);
      const warm = await page.evaluate((s) => window.__fb!.seed(s), WARMUP);
      const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
      await appOpen(page, warm.id);
      canvas = await page.evaluate(() => {
        const r = document.querySelector('.fb-canvas')!.getBoundingClientRect();
        return { width: Math.round(r.width), height: Math.round(r.height) };
      });
      await sleep(500);
      for (let i = 0; i < 2; i++) {
        await appClose(page);
        await sleep(500);
        open.push(await appOpen(page, seeded.id));
      }
    } else {
      if (!opts.size) throw new Error('baseline needs the app canvas size');
      await openBaseline(page, servers.baseline);
      await page.evaluate((s) => window.__baseline!.prepare(s), WARMUP);
      await baselineOpen(page, opts.size);
      await sleep(500);
      await page.evaluate((s) => window.__baseline!.prepare(s), spec);
      for (let i = 0; i < 2; i++) {
        await page.evaluate(() => window.__baseline!.close());
        await sleep(500);
        open.push(await baselineOpen(page, opts.size));
      }
    }
    await sleep(1000);

    const root = ROOT[target];
    const panzoom = await page.evaluate(
      async ({ sel, scale, t }) => {
        const m = t === 'app' ? window.__fb!.measure : window.__baseline!.measure;
        const r = await m.playPanZoom(document.querySelector(sel)!, m.panZoomScript(scale));
        return { ...m.frameSummary(r), viewports: r.viewports };
      },
      { sel: root, scale: opts.panScale, t: kind },
    );
    const result: CanvasResult = { open, panzoom, ...(canvas ? { canvas } : {}) };

    if (opts.drag) {
      await sleep(800);
      result.drag = await page.evaluate(
        async ({ sel, t, moves }) => {
          const m = t === 'app' ? window.__fb!.measure : window.__baseline!.measure;
          const flowRoot = document.querySelector(sel)!;
          const ids = m.visibleNodeIds(flowRoot);
          const id = ids[Math.floor(ids.length / 2)];
          const el = flowRoot.querySelector<HTMLElement>(
            `.react-flow__node[data-id="${CSS.escape(id ?? '')}"]`,
          );
          if (!el) throw new Error('drag: no visible node');
          const before = t === 'app' ? window.__fb!.renders() : 0;
          const checklistBefore = t === 'app' ? window.__fb!.checklistComputations() : 0;
          const r = await m.playDrag(el, moves);
          const after = t === 'app' ? window.__fb!.renders() : 0;
          // The checklist is deferred (useDeferredValue): give it two frames to run if anything asked it to.
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
          const checklistAfter = t === 'app' ? window.__fb!.checklistComputations() : 0;
          return {
            ...m.frameSummary(r),
            moved: r.moved,
            moves,
            rendersPerMove: t === 'app' ? (after - before) / moves : null,
            checklistPerMove: t === 'app' ? (checklistAfter - checklistBefore) / moves : null,
          };
        },
        { sel: root, t: kind, moves: opts.dragMoves },
      );
    }

    if (opts.select && kind === 'app') {
      await sleep(1500);
      result.select = await selectSteps(page, 5, log);
    }
    return result;
  } finally {
    await context.close();
  }
}

/** Where to click a step's node: a point of it that is on screen and not covered (null if none). */
function clickPoint(page: Page, id: string) {
  return page.evaluate((stepId) => {
    const el = document.querySelector<HTMLElement>(
      `.fb-canvas .react-flow__node[data-id="${CSS.escape(stepId)}"]`,
    );
    if (!el) return null;
    const r = el.getBoundingClientRect();
    for (const [fx, fy] of [
      [0.5, 0.3],
      [0.3, 0.5],
      [0.7, 0.5],
      [0.5, 0.7],
    ] as const) {
      const x = r.left + r.width * fx;
      const y = r.top + r.height * fy;
      const hit = document.elementFromPoint(x, y)?.closest<HTMLElement>('.react-flow__node');
      if (hit?.dataset.id === stepId) return { x, y };
    }
    return null;
  }, id);
}

/** A clickable point of a step's node, after asking the canvas to reveal the step if needed. */
async function nodeCentre(page: Page, id: string, reveal: boolean): Promise<{ x: number; y: number }> {
  let at = await clickPoint(page, id);
  // The canvas reveals a step that is not wholly on screen; one that is only partly covered (by a panel)
  // is moved by revealing a far-away step first.
  const reveals = reveal ? [id, id === 's00000' ? 's00999' : 's00000', id] : [];
  for (const target of reveals) {
    if (at) break;
    // Revealing the same step twice in a row is no change to the store: clear it first.
    await page.evaluate((t) => {
      window.__fb!.reveal('');
      window.__fb!.reveal(t);
    }, target);
    await sleep(700);
    at = await clickPoint(page, id);
  }
  if (!at) throw new Error(`step ${id} is not on screen`);
  return at;
}

/** Starts a watcher in the page (before the input) that resolves with the paint time of `ready`. */
async function watch(page: Page, kind: 'form' | 'monaco', stepId: string, title: string): Promise<void> {
  await page.evaluate(
    ({ kind, stepId, title }) => {
      window.__fbPointerDown = undefined;
      window.addEventListener('pointerdown', () => (window.__fbPointerDown ??= performance.now()), {
        capture: true,
        once: true,
      });
      const m = window.__fb!.measure;
      const formShown = () => {
        const inspector = document.querySelector('#fb-inspector [data-testid="inspector"]');
        const titleInput = inspector?.querySelector<HTMLInputElement>('[data-testid="step-title"]');
        return (
          !!titleInput &&
          titleInput.value === title &&
          !!inspector!.querySelector(`[id^="step-${CSS.escape(stepId)}"]`)
        );
      };
      const monacoReady = () => {
        if (!formShown()) return false;
        const ed = document.querySelector('#fb-inspector .monaco-editor');
        const input = ed?.querySelector('textarea, .native-edit-context, [role="textbox"]');
        const lines = ed?.querySelector('.view-lines');
        return !!input && !!lines && (lines.textContent ?? '').length > 0;
      };
      window.__fbWatch = m.whenPainted(kind === 'form' ? formShown : monacoReady, 30_000);
    },
    { kind, stepId, title },
  );
}

async function settle(page: Page): Promise<number> {
  const painted = await page.evaluate(() => window.__fbWatch!);
  const down = await page.evaluate(() => window.__fbPointerDown);
  if (down === undefined) throw new Error('the click never reached the page');
  return painted - down;
}

async function clickStep(page: Page, kind: 'form' | 'monaco', id: string, reveal: boolean): Promise<number> {
  const info = await page.evaluate((stepId) => window.__fb!.stepInfo(stepId), id);
  if (!info) throw new Error(`no step ${id}`);
  const at = await nodeCentre(page, id, reveal);
  await watch(page, kind, id, info.title);
  await page.mouse.click(at.x, at.y);
  return settle(page);
}

/** Clicks `count` visible steps that are not function steps, one after the other; ms to the settings form. */
async function selectSteps(page: Page, count: number, log: Log): Promise<number[]> {
  const candidates = await page.evaluate(() => {
    const fb = window.__fb!;
    const root = document.querySelector('.fb-canvas .react-flow')!;
    const selected = new Set(fb.store()!.getState().selection);
    return fb.measure
      .visibleNodeIds(root)
      .filter((id) => !selected.has(id) && fb.stepInfo(id)?.type !== 'core.function');
  });
  const out: number[] = [];
  for (const id of candidates.slice(0, count)) {
    try {
      out.push(await clickStep(page, 'form', id, false));
    } catch (e) {
      log(`  select ${id}: ${(e as Error).message}`);
    }
    await sleep(400);
  }
  return out;
}

export interface MonacoResult {
  coldMs: number;
  warmMs: number[];
  keystrokes: number;
  totalRenders: number;
  selfRenders: number;
  otherRenders: number;
  typedReachedStore: boolean;
}

/** Monaco on function steps of a 1,000-step flow: cold (first open in the page) and warm, then typing. */
export async function monacoSession(
  browser: Browser,
  servers: Servers,
  spec: FixtureSpec,
  warmRuns: number,
  log: Log,
): Promise<MonacoResult> {
  const { context, page } = await newPage(browser, log);
  try {
    await openApp(page, servers.app);
    const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
    await appOpen(page, seeded.id);
    await sleep(1000);
    const fns = seeded.functionSteps;
    if (fns.length < warmRuns + 1) throw new Error('the fixture has too few function steps');
    const others = await page.evaluate(() => {
      const fb = window.__fb!;
      return fb.measure
        .visibleNodeIds(document.querySelector('.fb-canvas .react-flow')!)
        .filter((id) => fb.stepInfo(id)?.type !== 'core.function');
    });
    if (others.length === 0) throw new Error('no visible non-function step');
    const coldMs = await clickStep(page, 'monaco', fns[0]!, true);
    await sleep(1000);
    const warmMs: number[] = [];
    for (let i = 1; i <= warmRuns; i++) {
      // Away to another step (the editor unmounts), back to a function step.
      await page.evaluate(() => window.__fb!.select([]));
      await sleep(300);
      warmMs.push(await clickStep(page, 'monaco', fns[i]!, true));
      await sleep(800);
    }
    // Typing in the last one: renders of the canvas's step nodes while typing (and after the debounced push).
    const stepId = fns[warmRuns]!;
    await page.click('#fb-inspector .monaco-editor .view-lines');
    await page.keyboard.press('Control+End');
    await page.evaluate(() => window.__fb!.countById());
    const text = '\nconst benchTyping = 12345; // typed';
    await page.keyboard.type(text, { delay: 40 });
    await sleep(1500);
    const byId = await page.evaluate(() => window.__fb!.rendersById());
    const reached = await page.evaluate(
      ({ id }) => {
        const code = window.__fb!.store()!.getState().flow.steps[id]?.params.code;
        return typeof code === 'string' && code.includes('benchTyping = 12345');
      },
      { id: stepId },
    );
    const totalRenders = Object.values(byId).reduce((a, b) => a + b, 0);
    const selfRenders = byId[stepId] ?? 0;
    return {
      coldMs,
      warmMs,
      keystrokes: text.length,
      totalRenders,
      selfRenders,
      otherRenders: totalRenders - selfRenders,
      typedReachedStore: reached,
    };
  } finally {
    await context.close();
  }
}

export interface AutosaveResult {
  /** Per save: edit to saved; main-thread tasks of the save (first IndexedDB write to 1.5 s after saved) and of the edit before it. */
  saves: Array<{
    saveMs: number;
    tasks: TaskSummary | null;
    editTasks: TaskSummary | null;
    longFrames: { count: number; maxMs: number };
  }>;
}

/** Title edits on a 1,000-step flow; the longest main-thread task of each save (and of the edit before it). */
export async function autosaveSession(
  browser: Browser,
  servers: Servers,
  spec: FixtureSpec,
  saves: number,
  log: Log,
  target: 'app' | 'candidate' = 'app',
): Promise<AutosaveResult> {
  const { context, page } = await newPage(browser, log);
  try {
    await openApp(page, target === 'candidate' ? servers.candidate! : servers.app);
    const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
    await appOpen(page, seeded.id);
    await sleep(2500);
    const out: AutosaveResult['saves'] = [];
    for (let k = 0; k < saves; k++) {
      const stepId = `s${String(10 + k).padStart(5, '0')}`;
      await page.evaluate(() => {
        const w = window as unknown as { __fbLong?: { stop(): { count: number; maxMs: number } } };
        w.__fbLong = window.__fb!.measure.observeLongFrames();
      });
      await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
      const t0 = await page.evaluate(({ id, k }) => window.__fb!.editTitle(id, `Renamed by bench ${k}`), {
        id: stepId,
        k,
      });
      const deadline = Date.now() + 30_000;
      while (!(await page.evaluate(() => window.__fb!.saved())) && Date.now() < deadline) await sleep(50);
      const savedAt = await page.evaluate(() => performance.now());
      // What a save sets off afterwards (the library refreshes its list) belongs to it too.
      await sleep(1500);
      const buf = await browser.stopTracing();
      const longFrames = await page.evaluate(() =>
        (window as unknown as { __fbLong: { stop(): { count: number; maxMs: number } } }).__fbLong.stop(),
      );
      const events = parseTrace(buf);
      out.push({
        saveMs: savedAt - t0,
        tasks: tasksAfterMark(events, 'fb-bench-save-start'),
        editTasks: tasksAfterMark(events, 'fb-bench-edit', 'fb-bench-save-start'),
        longFrames,
      });
      await sleep(800);
    }
    return { saves: out };
  } finally {
    await context.close();
  }
}

export type IngestResult = Awaited<ReturnType<NonNullable<Window['__fb']>['ingest']>>;

/** 10,000 trace events/s into a 500-step flow on the canvas, with idle frames before and after. */
export async function ingestSession(
  browser: Browser,
  servers: Servers,
  spec: FixtureSpec,
  opts: { rate: number; seconds: number; idleSeconds: number },
  log: Log,
): Promise<IngestResult> {
  const { context, page } = await newPage(browser, log);
  try {
    await openApp(page, servers.app);
    const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
    await appOpen(page, seeded.id);
    await sleep(2000);
    return await page.evaluate((o) => window.__fb!.ingest(o), opts);
  } finally {
    await context.close();
  }
}
