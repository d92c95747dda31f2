/**
 * In-page measurement helpers, shared by the app's bench hook and the baseline page so both are measured
 * by the same code: frame times from requestAnimationFrame, long animation frames (or long tasks), "every
 * visible node rendered", and input scripts (pan, zoom, drag) that dispatch one event per frame.
 *
 * Times are `performance.now()` milliseconds. "Painted at" is taken in a task posted from the rAF callback
 * of the frame that first showed the state: it runs once that frame's rendering update is done.
 */

export interface LongFrames {
  /** 'long-animation-frame' when the browser has it, else 'longtask'. */
  kind: 'long-animation-frame' | 'longtask' | 'none';
  count: number;
  maxMs: number;
  /** Sum of blocking time (LoAF `blockingDuration`, or task duration - 50 ms). */
  blockingMs: number;
}

export interface FrameRecord {
  /** rAF-to-rAF deltas, ms. */
  deltas: number[];
  durationMs: number;
  long: LongFrames;
}

const supported = (type: string) =>
  typeof PerformanceObserver !== 'undefined' &&
  (PerformanceObserver.supportedEntryTypes ?? []).includes(type);

/** Collects long animation frames (or long tasks) until `stop()`. */
export function observeLongFrames(): { stop(): LongFrames } {
  const kind: LongFrames['kind'] = supported('long-animation-frame')
    ? 'long-animation-frame'
    : supported('longtask')
      ? 'longtask'
      : 'none';
  const result: LongFrames = { kind, count: 0, maxMs: 0, blockingMs: 0 };
  if (kind === 'none') return { stop: () => result };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      result.count++;
      result.maxMs = Math.max(result.maxMs, e.duration);
      const blocking = (e as PerformanceEntry & { blockingDuration?: number }).blockingDuration;
      result.blockingMs += blocking ?? Math.max(0, e.duration - 50);
    }
  });
  observer.observe({ type: kind, buffered: false });
  return {
    stop() {
      for (const e of observer.takeRecords()) {
        result.count++;
        result.maxMs = Math.max(result.maxMs, e.duration);
        const blocking = (e as PerformanceEntry & { blockingDuration?: number }).blockingDuration;
        result.blockingMs += blocking ?? Math.max(0, e.duration - 50);
      }
      observer.disconnect();
      return result;
    },
  };
}

/** Records rAF deltas (and long frames) until `stop()`. `onFrame` runs first in every frame's callback. */
export function recordFrames(onFrame?: (frame: number, now: number) => void): {
  stop(): FrameRecord;
  frames(): number;
} {
  const deltas: number[] = [];
  const long = observeLongFrames();
  const start = performance.now();
  let last = -1;
  let frame = 0;
  let running = true;
  const tick = (now: number) => {
    if (!running) return;
    if (onFrame) onFrame(frame, now);
    if (last >= 0) deltas.push(now - last);
    last = now;
    frame++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    frames: () => frame,
    stop() {
      running = false;
      return { deltas, durationMs: performance.now() - start, long: long.stop() };
    },
  };
}

/** Runs `step(i)` once per animation frame for `count` frames while recording frame times. */
export function perFrame(count: number, step: (i: number) => void): Promise<FrameRecord> {
  return new Promise((resolve) => {
    const rec = recordFrames((frame) => {
      if (frame < count) step(frame);
      else if (frame === count + 1) resolve(rec.stop());
    });
  });
}

const nextTask = (): Promise<number> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve(performance.now());
    ch.port2.postMessage(0);
  });

/**
 * Resolves when `ready()` first holds in a frame, with the time that frame was painted. Checked once per
 * animation frame (cheap checks only).
 */
export function whenPainted(ready: () => boolean, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (ready()) {
        void nextTask().then(resolve);
        return;
      }
      if (performance.now() > deadline) return reject(new Error('whenPainted: timed out'));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export interface RenderedCanvas {
  /** When the frame that first showed the final set of nodes was painted. */
  paintedAt: number;
  nodes: number;
  frames: number;
}

/**
 * "Every visible step is rendered": React Flow nodes are in the DOM inside `root`, none is still hidden for
 * measuring, and the set of nodes and the viewport transform stayed the same for `stableFrames` frames.
 */
export function whenCanvasRendered(
  root: () => Element | null,
  stableFrames = 4,
  timeoutMs = 120_000,
): Promise<RenderedCanvas> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let signature = '';
    let since = 0;
    let firstPaint: Promise<number> | null = null;
    let frames = 0;
    const tick = () => {
      frames++;
      const el = root();
      const nodes = el ? el.querySelectorAll<HTMLElement>('.react-flow__node') : [];
      // The app's overview draws steps as shapes in one layer (the count is on the layer).
      const shapes = Number(el?.querySelector<HTMLElement>('[data-testid="canvas-edge-layer"]')?.dataset.steps ?? 0);
      let sig = '';
      if (nodes.length + shapes > 0) {
        let hidden = 0;
        for (const n of nodes) if (n.style.visibility === 'hidden') hidden++;
        const viewport = el!.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
        sig =
          hidden > 0
            ? ''
            : `${nodes.length}|${shapes}|${nodes[0]?.dataset.id}|${nodes[nodes.length - 1]?.dataset.id}|${viewport}`;
      }
      if (sig && sig === signature) {
        since++;
        if (since >= stableFrames) {
          void firstPaint!.then((paintedAt) => resolve({ paintedAt, nodes: nodes.length + shapes, frames }));
          return;
        }
      } else {
        signature = sig;
        since = sig ? 1 : 0;
        firstPaint = sig ? nextTask() : null;
      }
      if (performance.now() > deadline)
        return reject(new Error(`whenCanvasRendered: timed out (${nodes.length} nodes)`));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function mouse(type: string, target: EventTarget, x: number, y: number, buttons: number): void {
  target.dispatchEvent(
    new MouseEvent(type, {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: x,
      clientY: y,
      button: 0,
      buttons,
      view: window,
    }),
  );
}

function pointerAndMouse(type: 'down' | 'move' | 'up', target: EventTarget, x: number, y: number): void {
  const buttons = type === 'up' ? 0 : 1;
  target.dispatchEvent(
    new PointerEvent(`pointer${type}`, {
      bubbles: true,
      cancelable: true,
      composed: true,
      clientX: x,
      clientY: y,
      button: 0,
      buttons,
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
      view: window,
    }),
  );
  mouse(`mouse${type}`, target, x, y, buttons);
}

export type PanZoomStep = { pan: [number, number] } | { zoom: number };

/**
 * The pan/zoom script both pages get: pan down a long way, zoom out, pan at the low zoom, zoom back in, pan
 * back. One input event per frame. Returns to about where it started.
 */
export function panZoomScript(scale = 1): PanZoomStep[] {
  const s: PanZoomStep[] = [];
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  for (let i = 0; i < n(120); i++) s.push({ pan: [0, -12] });
  for (let i = 0; i < n(40); i++) s.push({ zoom: 30 });
  for (let i = 0; i < n(100); i++) s.push({ pan: [-4, -10] });
  for (let i = 0; i < n(100); i++) s.push({ pan: [4, 10] });
  for (let i = 0; i < n(40); i++) s.push({ zoom: -30 });
  for (let i = 0; i < n(120); i++) s.push({ pan: [0, 12] });
  return s;
}

/**
 * Plays a pan/zoom script on a React Flow pane: drags of the empty pane (d3-zoom listens on the renderer,
 * moves on the window) and wheel events at the pane's centre.
 */
export async function playPanZoom(
  flowRoot: Element,
  script: PanZoomStep[],
): Promise<FrameRecord & { viewports: number }> {
  const renderer = flowRoot.querySelector<HTMLElement>('.react-flow__renderer');
  const pane = flowRoot.querySelector<HTMLElement>('.react-flow__pane');
  if (!renderer || !pane) throw new Error('playPanZoom: no React Flow pane');
  const box = renderer.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  // Drags start on the pane itself (never on a node), near its left edge.
  let x = box.left + 12;
  let y = box.top + box.height / 2;
  let dragging = false;
  // Sampled viewport transforms: proof that the script really moved the view.
  const viewports = new Set<string>();
  const viewport = flowRoot.querySelector<HTMLElement>('.react-flow__viewport');
  const endDrag = () => {
    if (!dragging) return;
    pointerAndMouse('up', window, x, y);
    dragging = false;
  };
  const rec = await perFrame(script.length, (i) => {
    const step = script[i]!;
    if (i % 20 === 0) viewports.add(viewport?.style.transform ?? '');
    if ('zoom' in step) {
      endDrag();
      renderer.dispatchEvent(
        new WheelEvent('wheel', {
          bubbles: true,
          cancelable: true,
          clientX: cx,
          clientY: cy,
          deltaY: step.zoom,
          deltaMode: 0,
          view: window,
        }),
      );
      return;
    }
    if (!dragging) {
      x = box.left + 12;
      y = box.top + box.height / 2;
      pointerAndMouse('down', pane, x, y);
      dragging = true;
    }
    x += step.pan[0];
    y += step.pan[1];
    pointerAndMouse('move', window, x, y);
    // Keep the pointer inside the pane: re-grab when it would leave.
    if (y < box.top + 20 || y > box.top + box.height - 20 || x < box.left + 4 || x > box.left + box.width - 4)
      endDrag();
  });
  endDrag();
  return { ...rec, viewports: viewports.size };
}

/** Drags a node by `moves` pointer moves, one per frame, along a small loop. */
export async function playDrag(node: HTMLElement, moves: number): Promise<FrameRecord & { moved: boolean }> {
  const before = node.style.transform;
  const box = node.getBoundingClientRect();
  const x0 = box.left + box.width / 2;
  const y0 = box.top + Math.min(20, box.height / 2);
  pointerAndMouse('down', node, x0, y0);
  const rec = await perFrame(moves, (i) => {
    const a = (i / moves) * Math.PI * 2;
    pointerAndMouse('move', window, x0 + 120 * Math.sin(a) + i * 0.5, y0 + 80 * (1 - Math.cos(a)));
  });
  pointerAndMouse('up', window, x0 + moves * 0.5, y0);
  return { ...rec, moved: node.isConnected && node.style.transform !== before };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A compact summary of a frame record (what crosses back to the runner). */
export function frameSummary(r: FrameRecord) {
  return {
    frames: r.deltas.length,
    p50: percentile(r.deltas, 50),
    p95: percentile(r.deltas, 95),
    max: r.deltas.reduce((a, b) => Math.max(a, b), 0),
    /** Frames that missed at least one vsync (over 20 ms), and those that missed two or more. */
    over20: r.deltas.filter((d) => d > 20).length,
    over33: r.deltas.filter((d) => d > 33.4).length,
    durationMs: r.durationMs,
    long: r.long,
  };
}
export type FrameSummary = ReturnType<typeof frameSummary>;

export function visibleNodeIds(root: Element): string[] {
  const box = root.getBoundingClientRect();
  const ids: string[] = [];
  for (const n of root.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const r = n.getBoundingClientRect();
    if (
      r.bottom > box.top + 40 &&
      r.top < box.bottom - 40 &&
      r.right > box.left + 40 &&
      r.left < box.right - 40 &&
      n.dataset.id
    )
      ids.push(n.dataset.id);
  }
  return ids;
}
