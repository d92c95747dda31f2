// @vitest-environment jsdom
import '../../i18n';
import { useRef, type ReactNode } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CommandsProvider, EditorStoreProvider, useCommands } from '../../editor/context';
import { CommandRegistry } from '../../editor/commands/registry';
import { BUILTIN_COMMANDS } from '../../editor/commands/builtin';
import type { EditorServices } from '../../editor/commands/types';
import { createEditorStore, type EditorStore } from '../../editor/store';
import { runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import { setPositions, type Flow } from '../../model';
import type { ModuleDefinition } from '../../model/modules';
import { sampleFlow, step } from '../../model/testing/fixtures';
import { emptyFlow } from '../../model/flow';
import { useKeyboardCommands } from '../editor-shell/useKeyboardCommands';
import { LOD_MIN_STEPS } from './viewport-window';
import { CanvasView } from './CanvasView';

// jsdom lays nothing out. React Flow measures nodes through ResizeObserver and offsetWidth/Height: give every
// element a size and report observed elements in one batch (as browsers do), so nodes get measured, the view
// fits them all and edges are drawn.
beforeAll(() => {
  class BatchingResizeObserver {
    private pending: Element[] = [];
    constructor(private readonly cb: ResizeObserverCallback) {}
    observe(target: Element) {
      if (this.pending.push(target) > 1) return;
      queueMicrotask(() => {
        const targets = this.pending;
        this.pending = [];
        this.cb(targets.map((t) => ({ target: t }) as unknown as ResizeObserverEntry), this as unknown as ResizeObserver);
      });
    }
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver = BatchingResizeObserver as unknown as typeof ResizeObserver;
  class DOMMatrixReadOnlyStub {
    m22 = 1;
  }
  (window as unknown as { DOMMatrixReadOnly: unknown }).DOMMatrixReadOnly = DOMMatrixReadOnlyStub;
  // The React Flow container gets a viewport; everything else (nodes, handles) a node's size.
  const isPane = (el: HTMLElement) => el.classList.contains('react-flow__renderer') || el.classList.contains('react-flow');
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: function (this: HTMLElement) { return isPane(this) ? 1000 : 220; } });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: function (this: HTMLElement) { return isPane(this) ? 800 : 60; } });
  Element.prototype.scrollIntoView = () => {};
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  (SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
});
afterEach(cleanup);

const MODULES: ModuleDefinition[] = [
  { id: 'core.log', kind: 'action', category: 'output', name: { text: '日志', en: 'Log' }, inputSchema: { source: 'json-schema', schema: {} }, outputs: [] },
  { id: 'core.http', kind: 'action', category: 'network', name: { text: 'HTTP 请求', en: 'HTTP request' }, inputSchema: { source: 'json-schema', schema: {} }, outputs: [] },
  { id: 'core.if', kind: 'if', category: 'logic', name: { text: '条件', en: 'If' }, inputSchema: { source: 'json-schema', schema: {} }, outputs: [] },
];

function Shell({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const { registry, ctx } = useCommands();
  useKeyboardCommands(registry, ctx, root);
  return (
    <div ref={root} data-region="canvas" style={{ width: 1000, height: 800 }}>
      {children}
    </div>
  );
}

async function setup(flow: Flow = sampleFlow()) {
  const store: EditorStore = createEditorStore({ flow, baseRevision: null, view: 'canvas' });
  const registry = new CommandRegistry(BUILTIN_COMMANDS);
  const services: EditorServices = {
    readClipboard: async () => '',
    writeClipboard: async () => {},
    notify: vi.fn(),
    modules: () => MODULES,
    language: () => 'en',
  };
  const utils = render(
    <EditorStoreProvider store={store}>
      <CommandsProvider value={{ registry, services }}>
        <Shell>
          <CanvasView />
        </Shell>
      </CommandsProvider>
    </EditorStoreProvider>,
  );
  // Let the batched measurements land.
  await act(async () => {});
  return { store, services, ...utils };
}

const node = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
const edge = (id: string) => document.querySelector(`[data-testid="rf__edge-${CSS.escape(id)}"]`);
/** d3-drag (React Flow's drag) needs `event.view`, which jsdom will not take in the constructor. */
function mouse(type: string, target: EventTarget, clientX: number, clientY: number) {
  const ev = new MouseEvent(type, { bubbles: true, cancelable: true, clientX, clientY, button: 0 });
  Object.defineProperty(ev, 'view', { value: window });
  act(() => void target.dispatchEvent(ev));
}
type Counters = { stepNode: number; byId?: Record<string, number> };
const counters = () => ((globalThis as { __fbRenders?: Counters }).__fbRenders ??= { stepNode: 0 });
const renders = () => counters().stepNode;
/** Which step nodes render while `fn` runs. */
async function renderedDuring(fn: () => void | Promise<void>): Promise<string[]> {
  counters().byId = {};
  await fn();
  const ids = Object.keys(counters().byId ?? {});
  delete counters().byId;
  return ids.sort();
}

describe('CanvasView', () => {
  it('renders a node per step with accessible names and handles per branch', async () => {
    await setup();
    for (const id of ['t', 'c', 'a', 'l', 'b', 'd', 'e']) expect(screen.getByTestId(`canvas-node-${id}`)).toBeInTheDocument();
    expect(node('c')).toHaveAttribute('aria-label', 'C, condition step');
    expect(node('c')).toHaveAttribute('tabindex', '0');
    const ifNode = screen.getByTestId('canvas-node-c');
    expect(within(ifNode).getByLabelText('True output of C')).toBeInTheDocument();
    expect(within(ifNode).getByLabelText('False output of C')).toBeInTheDocument();
    expect(within(ifNode).getByLabelText('Input of C')).toBeInTheDocument();
    const loop = screen.getByTestId('canvas-node-l');
    expect(within(loop).getByLabelText('Body output of L')).toBeInTheDocument();
    expect(within(loop).getByLabelText('After output of L')).toBeInTheDocument();
    // A trigger has no input.
    expect(within(screen.getByTestId('canvas-node-t')).queryByLabelText('Input of T')).toBeNull();
  });

  it('renders only the steps on screen when the flow is big, and starts at its beginning', async () => {
    const flow = emptyFlow('big', 'Big');
    for (let i = 0; i < 400; i++) {
      flow.steps[`s${i}`] = step(`s${i}`, i === 0 ? 'trigger' : 'action');
      flow.root.push(`s${i}`);
    }
    const before = renders();
    await setup(flow);
    const shown = document.querySelectorAll('.react-flow__node').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(30);
    expect(renders() - before).toBeLessThan(60);
    expect(node('s0')).not.toBeNull();
    expect(node('s399')).toBeNull();
  });

  it('zoomed out, draws lightweight steps and one edge layer, and full cards again when zoomed back in', async () => {
    // Level of detail is for big flows only: pad the sample to LOD_MIN_STEPS with steps after it.
    const flow = sampleFlow();
    for (let i = 0; i < LOD_MIN_STEPS; i++) {
      flow.steps[`pad${i}`] = step(`pad${i}`, 'action');
      flow.root.push(`pad${i}`);
    }
    const { store } = await setup(flow);
    const allEdges = 7 + LOD_MIN_STEPS;
    expect(node('c')?.classList.contains('react-flow__node-step')).toBe(true);
    // At full zoom the layer draws only connections React Flow does not (ends outside the window): none twice.
    const layerDrawsOnlyTheRest = () => {
      const drawnByFlow = document.querySelectorAll('.react-flow__edge').length;
      expect(drawnByFlow).toBeGreaterThan(0);
      expect(Number(screen.getByTestId('canvas-edge-layer').getAttribute('data-edges'))).toBe(allEdges - drawnByFlow);
    };
    layerDrawsOnlyTheRest();
    const pane = document.querySelector('.react-flow__pane')!;
    const wheel = (deltaY: number) =>
      act(() => void pane.dispatchEvent(new WheelEvent('wheel', { deltaY, deltaMode: 0, bubbles: true, cancelable: true, clientX: 500, clientY: 400 })));
    // Each wheel event zooms by about 0.57×: from 1 to about 0.33 (lightweight), later to about 0.1 (overview).
    wheel(400);
    wheel(400);
    await act(async () => {});
    const lite = node('c');
    expect(lite?.classList.contains('react-flow__node-stepLite')).toBe(true);
    // No handles and no per-port subtree; the accessible name and tab stop stay.
    expect(lite?.querySelector('.react-flow__handle')).toBeNull();
    expect(lite).toHaveAttribute('aria-label', 'C, condition step');
    expect(lite).toHaveAttribute('tabindex', '0');
    // Every connection in one layer, React Flow draws none.
    expect(screen.getByTestId('canvas-edge-layer')).toHaveAttribute('data-edges', String(allEdges));
    expect(document.querySelectorAll('.react-flow__edge')).toHaveLength(0);
    // Run status and selection show on the lightweight cards; taken connections get their own path.
    const base = { runId: 'r1', at: 0 };
    const events: TraceEvent[] = [
      { ...base, seq: 0, type: 'run-started', flowId: 'f1', inputs: {}, trigger: 'manual' },
      { ...base, seq: 1, type: 'step-started', stepId: 't', iteration: [], inputs: {} },
      { ...base, seq: 2, type: 'step-finished', stepId: 't', iteration: [], status: 'succeeded', durationMs: 12 },
      { ...base, seq: 3, type: 'step-started', stepId: 'c', iteration: [], inputs: {} },
      { ...base, seq: 4, type: 'step-finished', stepId: 'c', iteration: [], status: 'failed', durationMs: 3 },
    ];
    act(() => store.getState().setRun(runStateFrom(events)));
    expect(screen.getByTestId('canvas-node-c')).toHaveAttribute('data-status', 'failed');
    expect(screen.getByTestId('canvas-node-t')).toHaveAttribute('data-status', 'succeeded');
    expect(document.querySelector('.fb-edge-layer__executed')).not.toBeNull();
    act(() => store.getState().select(['a'], 'a'));
    expect(node('a')?.classList.contains('selected')).toBe(true);
    // Further out: steps are shapes in the layer (coloured by run status), only the selected one stays a node.
    wheel(400);
    wheel(400);
    await act(async () => {});
    expect(document.querySelectorAll('.react-flow__node-stepLite')).toHaveLength(1);
    expect(node('a')).not.toBeNull();
    expect(screen.getByTestId('canvas-edge-layer')).toHaveAttribute('data-steps', String(6 + LOD_MIN_STEPS));
    expect(document.querySelector('.fb-step-shapes--failed')).not.toBeNull();
    for (let i = 0; i < 4; i++) wheel(-400);
    await act(async () => {});
    expect(node('c')?.classList.contains('react-flow__node-step')).toBe(true);
    expect(node('c')?.querySelector('.react-flow__handle')).not.toBeNull();
    expect(edge('c:true->a')).not.toBeNull();
    layerDrawsOnlyTheRest();
  });

  it('zoomed far out, names the step under the pointer as its card would: an untitled step by its module', async () => {
    const flow = sampleFlow();
    flow.steps.a = { ...flow.steps.a!, title: '', type: 'core.http' };
    for (let i = 0; i < LOD_MIN_STEPS; i++) {
      flow.steps[`pad${i}`] = step(`pad${i}`, 'action');
      flow.root.push(`pad${i}`);
    }
    await setup(flow);
    const pane = document.querySelector('.react-flow__pane')!;
    for (let i = 0; i < 4; i++)
      act(() => void pane.dispatchEvent(new WheelEvent('wheel', { deltaY: 400, deltaMode: 0, bubbles: true, cancelable: true, clientX: 500, clientY: 400 })));
    await act(async () => {});
    expect(screen.getByTestId('canvas-edge-layer')).toHaveAttribute('data-steps', String(7 + LOD_MIN_STEPS));
    // Where step a is on screen: its shape's corner in the layer, through the viewport's transform.
    const shapes = document.querySelector('.fb-step-shapes')!.getAttribute('d')!;
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    const [, tx, ty, zoom] = /translate\(([-\d.]+)px, ?([-\d.]+)px\) scale\(([\d.]+)\)/.exec(transform)!.map(Number);
    const corners = [...shapes.matchAll(/M(-?\d+) (-?\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Block layout puts a under c's true branch: the third step in document order (t, c, a, ...).
    const [ax, ay] = corners[2]!;
    const ev = new MouseEvent('pointermove', { bubbles: true, clientX: (ax! + 20) * zoom! + tx!, clientY: (ay! + 20) * zoom! + ty! });
    await act(async () => {
      pane.dispatchEvent(ev);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    });
    expect(screen.getByTestId('canvas-overview-hover')).toHaveTextContent(/^HTTP request$/);
  });

  it('draws the derived edges of a block flow, branch edges included', async () => {
    await setup();
    for (const id of ['t:out->c', 'c:true->a', 'c:false->d', 'a:out->l', 'l:body->b', 'l:after->e', 'd:out->e']) {
      expect(edge(id), id).not.toBeNull();
    }
  });

  it('registers canvas services while mounted and the step picker only if nobody else did', async () => {
    const { services, unmount } = await setup();
    expect(services.canvas).toBeDefined();
    expect(services.openStepPicker).toBeDefined();
    unmount();
    expect(services.canvas).toBeUndefined();
    expect(services.openStepPicker).toBeUndefined();
  });

  it('mirrors the store selection, and a click selects in the store', async () => {
    const { store } = await setup();
    act(() => store.getState().select(['a', 'd']));
    expect(node('a')).toHaveClass('selected');
    expect(node('d')).toHaveClass('selected');
    expect(node('c')).not.toHaveClass('selected');
    fireEvent.click(node('e')!);
    expect(store.getState().selection).toEqual(['e']);
    expect(store.getState().focused).toBe('e');
  });

  it('re-renders only the step whose position changed', async () => {
    const placed = sampleFlow();
    const flow = setPositions(placed, Object.fromEntries(Object.keys(placed.steps).map((id, i) => [id, { x: 0, y: i * 100 }])));
    const { store } = await setup(flow);
    const before = renders();
    act(() => store.getState().edit('canvas.move', (f) => setPositions(f, { d: { x: 400, y: 50 } }), { mergeKey: 'drag:d' }));
    expect(renders() - before).toBe(1);
    const transform = node('d')!.style.transform;
    expect(transform).toContain('400px');
  });

  it('a mouse drag moves one step, re-renders only it, pins the automatic layout, and undoes in one step', async () => {
    const { store } = await setup();
    const history = store.getState().history.past.length;
    const shown = Object.fromEntries(['c', 'a', 'e'].map((id) => [id, node(id)!.style.transform]));
    const target = node('d')!;
    const rendered = await renderedDuring(async () => {
      mouse('mousedown', target, 100, 100);
      for (let i = 1; i <= 5; i++) mouse('mousemove', window, 100 + i * 20, 100 + i * 10);
      mouse('mouseup', window, 200, 150);
      await act(async () => {});
    });
    expect(rendered).toEqual(['d']);
    const s = store.getState();
    // Every step now has a stored position (where it was shown), d's moved.
    expect(Object.values(s.flow.steps).every((st) => st.position)).toBe(true);
    expect(s.flow.steps.d!.position!.x).toBeGreaterThan(130);
    for (const id of ['c', 'a', 'e']) expect(node(id)!.style.transform).toBe(shown[id]);
    expect(s.history.past.length).toBe(history + 1);
    expect(s.history.past.at(-1)?.label).toBe('canvas.move');
    act(() => void s.undo());
    expect(store.getState().flow.steps.d!.position).toBeUndefined();
  });

  it('leaves Delete to the edit.delete command (React Flow deletes nothing itself)', async () => {
    const { store } = await setup();
    act(() => store.getState().select(['a']));
    fireEvent.keyDown(node('a')!, { key: 'Delete' });
    expect(store.getState().flow.steps.a).toBeUndefined();
    expect(store.getState().history.past.at(-1)?.label).toBe('edit.delete');
  });

  it('adds a step from the palette after the focused step', async () => {
    const { store } = await setup();
    act(() => store.getState().select(['t']));
    fireEvent.click(screen.getByTestId('canvas-add-step'));
    const dialog = screen.getByRole('dialog', { name: 'Add step' });
    fireEvent.change(within(dialog).getByPlaceholderText('Search steps'), { target: { value: 'http' } });
    fireEvent.click(within(dialog).getByText('HTTP request'));
    const { flow, selection } = store.getState();
    const id = selection[0]!;
    expect(flow.steps[id]?.type).toBe('core.http');
    expect(flow.root).toEqual(['t', id, 'c', 'e']);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('inserts a step on an edge from its "+" button', async () => {
    const { store } = await setup();
    fireEvent.click(screen.getByTestId('edge-plus-c:false->d'));
    const dialog = screen.getByRole('dialog', { name: 'Insert step' });
    fireEvent.click(within(dialog).getByText('Log'));
    const { flow, selection } = store.getState();
    expect(flow.steps.c?.branches?.else).toEqual([selection[0], 'd']);
  });

  it('inserts a module dropped from the palette onto an edge', async () => {
    const { store } = await setup();
    const hit = edge('t:out->c')!.querySelector('.fb-edge__hit')!;
    const dataTransfer = { types: ['application/x-flowbench-module'], getData: () => 'core.log', dropEffect: 'none' };
    fireEvent.dragOver(hit, { dataTransfer });
    fireEvent.drop(hit, { dataTransfer });
    const { flow, selection } = store.getState();
    expect(flow.root).toEqual(['t', selection[0], 'c', 'e']);
    expect(flow.steps[selection[0]!]?.type).toBe('core.log');
  });

  it('offers a "+" for an empty loop body that inserts into the body', async () => {
    const flow = sampleFlow();
    flow.steps.l = { ...flow.steps.l!, branches: { body: [] } };
    delete flow.steps.b;
    const { store } = await setup(flow);
    expect(screen.queryByTestId('canvas-add-body-c')).toBeNull();
    fireEvent.click(screen.getByTestId('canvas-add-body-l'));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Insert step' })).getByText('Log'));
    const id = store.getState().selection[0]!;
    expect(store.getState().flow.steps.l?.branches?.body).toEqual([id]);
    expect(screen.queryByTestId('canvas-add-body-l')).toBeNull();
  });

  it('Enter on a focused node selects it and asks the inspector to open it', async () => {
    const { store } = await setup();
    const opened = vi.fn();
    window.addEventListener('flowbench:open-step', opened);
    fireEvent.keyDown(node('a')!, { key: 'Enter' });
    window.removeEventListener('flowbench:open-step', opened);
    expect(store.getState().selection).toEqual(['a']);
    expect(store.getState().focused).toBe('a');
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('shows run status on nodes and lights up the executed edges', async () => {
    const { store } = await setup();
    const base = { runId: 'r1', at: 0 };
    const events: TraceEvent[] = [
      { ...base, seq: 0, type: 'run-started', flowId: 'f1', inputs: {}, trigger: 'manual' },
      { ...base, seq: 1, type: 'step-started', stepId: 't', iteration: [], inputs: {} },
      { ...base, seq: 2, type: 'step-finished', stepId: 't', iteration: [], status: 'succeeded', durationMs: 12 },
      { ...base, seq: 3, type: 'step-started', stepId: 'c', iteration: [], inputs: {} },
      { ...base, seq: 4, type: 'step-finished', stepId: 'c', iteration: [], status: 'succeeded', durationMs: 3, branch: 'else' },
      { ...base, seq: 5, type: 'step-started', stepId: 'd', iteration: [], inputs: {} },
    ];
    act(() => store.getState().setRun(runStateFrom(events)));
    expect(within(screen.getByTestId('canvas-node-t')).getByRole('status', { name: 'Succeeded' })).toHaveTextContent('12 ms');
    expect(within(screen.getByTestId('canvas-node-d')).getByRole('status', { name: 'Running' })).toBeInTheDocument();
    expect(edge('t:out->c')!.querySelector('.fb-edge--executed')).not.toBeNull();
    expect(edge('c:false->d')!.querySelector('.fb-edge--executed')).not.toBeNull();
    expect(edge('c:true->a')!.querySelector('.fb-edge--executed')).toBeNull();
  });

  it('adds, edits and deletes a sticky note through the model', async () => {
    const { store } = await setup();
    fireEvent.click(screen.getByTestId('canvas-add-note'));
    const [note] = store.getState().flow.notes;
    expect(note).toBeDefined();
    const el = screen.getByTestId(`canvas-note-${note!.id}`);
    fireEvent.doubleClick(el);
    const area = within(el).getByLabelText('Note text');
    fireEvent.change(area, { target: { value: 'Remember the API key' } });
    fireEvent.blur(area);
    expect(store.getState().flow.notes[0]?.text).toBe('Remember the API key');
    fireEvent.click(within(screen.getByTestId(`canvas-note-${note!.id}`)).getByLabelText('Delete note'));
    expect(store.getState().flow.notes).toEqual([]);
  });
});
