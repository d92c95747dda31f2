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
import { initialRunState, type RunState } from '../../backends/run-state';
import { insertStep, setParam, type Flow } from '../../model';
import { iconFor } from '../../step-types/presentation';
import { useKeyboardCommands } from '../editor-shell/useKeyboardCommands';
import { StepListView, OPEN_STEP_EVENT, type StepListService } from './StepListView';
import { fanOutGraph, listFlow, longFlow, step } from './test-flow';

// Pass-through spy: every step row calls iconFor once per render, so its calls count row renders.
vi.mock('../../step-types/presentation', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../step-types/presentation')>();
  return { ...mod, iconFor: vi.fn(mod.iconFor) };
});
const renderedRows = () => new Set(vi.mocked(iconFor).mock.calls.map(([s]) => (s as { id?: string }).id));

beforeAll(() => {
  // jsdom lays nothing out: give the scroll container a viewport so the virtualiser renders rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 480 });
  Element.prototype.scrollTo = function scrollTo(this: Element, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) this.scrollTop = opts.top;
  } as Element['scrollTo'];
  // jsdom has no DragEvent; without it testing-library drops clientX/clientY from drag events.
  if (!('DragEvent' in window)) {
    (window as unknown as { DragEvent: typeof MouseEvent }).DragEvent = class DragEvent extends MouseEvent {};
  }
});
afterEach(cleanup);

/** The app shell's keyboard funnel, as the lead's EditorFrame mounts it. */
function Shell({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const { registry, ctx } = useCommands();
  useKeyboardCommands(registry, ctx, root);
  return (
    <div ref={root} style={{ height: 640 }}>
      {children}
    </div>
  );
}

function setup(flow: Flow = listFlow()) {
  const store: EditorStore = createEditorStore({ flow, baseRevision: null });
  const registry = new CommandRegistry(BUILTIN_COMMANDS);
  const services: EditorServices = {
    readClipboard: async () => '',
    writeClipboard: async () => {},
    notify: vi.fn(),
    modules: () => [],
    language: () => 'en',
    openStepPicker: vi.fn(),
  };
  const utils = render(
    <EditorStoreProvider store={store}>
      <CommandsProvider value={{ registry, services }}>
        <Shell>
          <StepListView />
        </Shell>
      </CommandsProvider>
    </EditorStoreProvider>,
  );
  const row = (id: string) => {
    const el = utils.container.querySelector<HTMLElement>(`[role="treeitem"][data-step-id="${id}"]`);
    if (!el) throw new Error(`no row for ${id}`);
    return el;
  };
  const items = () => screen.queryAllByRole('treeitem');
  const key = (key: string, init: KeyboardEventInit = {}) =>
    fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
  return { store, services, registry, row, items, key, ...utils };
}

describe('StepListView: rows and blocks', () => {
  it('renders steps at their depth, block groups with else/end rows, and empty-branch placeholders', () => {
    const { row, items, container } = setup();
    expect(screen.getByRole('tree')).toHaveAccessibleName('Steps of this flow');
    expect(row('t')).toHaveAttribute('aria-level', '1');
    expect(row('a')).toHaveAttribute('aria-level', '2');
    expect(row('b')).toHaveAttribute('aria-level', '3');
    expect(row('d')).toHaveAttribute('aria-level', '2');
    for (const block of ['c', 'l', 'w', 'k']) expect(row(block)).toHaveAttribute('aria-expanded', 'true');
    expect(row('a')).not.toHaveAttribute('aria-expanded');
    // b sits in two blocks: two rails (if, loop).
    expect(row('b').querySelectorAll('.fb-sl-rail-if, .fb-sl-rail-loop')).toHaveLength(2);
    expect(container.querySelector('[data-row="else"][data-block-id="c"]')).toHaveTextContent('Else');
    expect(container.querySelector('[data-row="end"][data-block-id="c"]')).toHaveTextContent('End if');
    expect(container.querySelector('[data-row="end"][data-block-id="l"]')).toHaveTextContent('End loop');
    expect(screen.getAllByText('empty — add a step')).toHaveLength(2);
    expect(within(row('d')).getByText('Disabled')).toBeInTheDocument();
    expect(row('d')).toHaveClass('is-disabled');
    expect(within(row('c')).getByText('x > 1')).toBeInTheDocument();
    // 10 steps + 2 placeholders are tree items; else/end rows are labels.
    expect(items()).toHaveLength(12);
  });

  it('collapsing a block hides its rows and shows how many steps it hides', () => {
    const { row, items, store } = setup();
    fireEvent.click(within(row('c')).getByRole('button', { name: 'Collapse “C”' }));
    expect(row('c')).toHaveAttribute('aria-expanded', 'false');
    expect(within(row('c')).getByText('4 steps hidden')).toBeInTheDocument();
    expect(screen.queryByText('End if', { selector: '[data-block-id="c"] *' })).toBeNull();
    expect(items().map((el) => el.getAttribute('data-step-id') ?? el.getAttribute('data-block-id'))).toEqual([
      't',
      'c',
      'e',
      'w',
      'w',
      'k',
      'k',
      'z',
    ]);
    expect(store.getState().collapsed).toEqual({ c: true });
    fireEvent.click(within(row('c')).getByRole('button', { name: 'Expand “C”' }));
    expect(items()).toHaveLength(12);
  });

  it('shows each step’s run status and elapsed time', () => {
    const { store, row } = setup();
    const run: RunState = initialRunState('r1');
    const base = {
      startedAt: 1000,
      finishedAt: 2500,
      durationMs: 1500,
      totalDurationMs: 1500,
      runCount: 1,
      iterations: { chunks: [], length: 0 },
    };
    act(() =>
      store.getState().setRun({
        ...run,
        status: 'running',
        steps: {
          a: { stepId: 'a', status: 'succeeded', ...base },
          b: { stepId: 'b', status: 'failed', ...base, durationMs: 80, runCount: 3 },
        },
      }),
    );
    expect(within(row('a')).getByText('Succeeded')).toBeInTheDocument();
    expect(within(row('a')).getByText('1.5 s')).toBeInTheDocument();
    expect(within(row('b')).getByText('Failed')).toBeInTheDocument();
    expect(within(row('b')).getByText('80 ms')).toBeInTheDocument();
    expect(within(row('b')).getByText('ran 3 times')).toBeInTheDocument();
    expect(within(row('b')).getByText('×3')).toBeInTheDocument();
    expect(within(row('t')).queryByText('Succeeded')).toBeNull();
  });

  it('re-renders only the rows an edit, a selection change or a trace event concerns', () => {
    const { store, row } = setup();
    fireEvent.click(row('a'));
    vi.mocked(iconFor).mockClear();
    act(() => store.getState().edit('test.param', (f) => setParam(f, 'a', 'url', 'https://example.org')));
    expect(renderedRows()).toEqual(new Set(['a']));
    expect(within(row('a')).getByText('https://example.org')).toBeInTheDocument();

    vi.mocked(iconFor).mockClear();
    act(() => store.getState().select(['e']));
    expect(renderedRows()).toEqual(new Set(['a', 'e']));

    vi.mocked(iconFor).mockClear();
    const run = initialRunState('r1');
    const b = {
      stepId: 'b',
      status: 'running' as const,
      startedAt: Date.now(),
      finishedAt: null,
      durationMs: null,
      totalDurationMs: 0,
      runCount: 1,
      iterations: { chunks: [], length: 0 },
    };
    act(() => store.getState().setRun({ ...run, status: 'running', steps: { b } }));
    expect(renderedRows()).toEqual(new Set(['b']));
    expect(within(row('b')).getByText('Running')).toBeInTheDocument();
  });

  it('virtualises long lists', () => {
    const { items, store, row } = setup(longFlow(5000));
    expect(items().length).toBeGreaterThan(10);
    expect(items().length).toBeLessThan(60);
    // Selecting a far step from elsewhere (the canvas) brings its row in and makes it the tab stop.
    act(() => store.getState().select(['s4200']));
    expect(row('s4200')).toHaveAttribute('tabindex', '0');
  });
});

describe('StepListView: keyboard', () => {
  it('moves focus and selection with the arrows, Home and End; Shift extends', () => {
    const { row, store, key } = setup();
    fireEvent.click(row('t'));
    expect(row('t')).toHaveAttribute('tabindex', '0');
    row('t').focus();
    key('ArrowDown');
    expect(store.getState().selection).toEqual(['c']);
    expect(document.activeElement).toBe(row('c'));
    expect(row('c')).toHaveAttribute('aria-selected', 'true');
    expect(row('t')).toHaveAttribute('tabindex', '-1');
    key('ArrowDown', { shiftKey: true });
    key('ArrowDown', { shiftKey: true });
    expect(store.getState().selection).toEqual(['c', 'a', 'l']);
    expect(store.getState().focused).toBe('l');
    key('End');
    expect(store.getState().selection).toEqual(['z']);
    expect(document.activeElement).toBe(row('z'));
    key('Home');
    expect(document.activeElement).toBe(row('t'));
  });

  it('ArrowLeft collapses or goes to the parent, ArrowRight expands or enters', () => {
    const { row, store, key } = setup();
    fireEvent.click(row('b'));
    row('b').focus();
    key('ArrowLeft');
    expect(document.activeElement).toBe(row('l'));
    key('ArrowLeft');
    expect(row('l')).toHaveAttribute('aria-expanded', 'false');
    key('ArrowLeft');
    expect(document.activeElement).toBe(row('c'));
    key('ArrowRight'); // expanded: into the first child
    expect(document.activeElement).toBe(row('a'));
    key('ArrowDown');
    key('ArrowRight'); // collapsed: expands
    expect(row('l')).toHaveAttribute('aria-expanded', 'true');
    expect(store.getState().collapsed).toEqual({});
  });

  it('walks onto empty-branch placeholders; Enter there asks the picker for that branch', () => {
    const { row, store, key, services, container } = setup();
    fireEvent.click(row('w'));
    row('w').focus();
    key('ArrowDown');
    const placeholder = container.querySelector('[data-block-id="w"][role="treeitem"]');
    expect(document.activeElement).toBe(placeholder);
    key('Enter');
    expect(services.openStepPicker).toHaveBeenCalledTimes(1);
    expect(store.getState().focused).toBe('w');
    expect((services.list as StepListService).insertionSlot()).toEqual({
      parent: 'w',
      branch: 'body',
      index: 0,
    });
    expect((services.list as StepListService).insertionSlot()).toBeNull();
  });

  it('Tab / Shift+Tab indent and outdent through the commands, keeping focus on the row', () => {
    const { row, store, key } = setup();
    fireEvent.click(row('e'));
    row('e').focus();
    key('Tab');
    expect(store.getState().flow.steps.c?.branches?.else).toEqual(['d', 'e']);
    expect(store.getState().history.past.at(-1)?.label).toBe('structure.indent');
    expect(row('e')).toHaveAttribute('aria-level', '2');
    expect(document.activeElement).toBe(row('e'));
    key('Tab', { shiftKey: true });
    expect(store.getState().flow.root).toEqual(['t', 'c', 'e', 'w', 'k', 'z']);
  });

  it('leaves Delete and Alt+Arrow to the shell’s commands', () => {
    const { row, store, key } = setup();
    fireEvent.click(row('e'));
    row('e').focus();
    key('ArrowUp', { altKey: true });
    expect(store.getState().flow.root).toEqual(['t', 'e', 'c', 'w', 'k', 'z']);
    key('Delete');
    expect(store.getState().flow.steps.e).toBeUndefined();
    expect(store.getState().history.past.at(-1)?.label).toBe('edit.delete');
    // Keyboard focus stays in the list, on the row that took the deleted one's place.
    expect(document.activeElement).toBe(row('c'));
    key('ArrowDown');
    expect(store.getState().selection).toEqual(['a']);
  });

  it('Enter opens the step: selects it and tells the shell', () => {
    const { row, store, key } = setup();
    const opened = vi.fn();
    const listener = (e: Event) => opened((e as CustomEvent).detail);
    window.addEventListener(OPEN_STEP_EVENT, listener);
    fireEvent.click(row('a'));
    row('a').focus();
    key('Enter');
    window.removeEventListener(OPEN_STEP_EVENT, listener);
    expect(opened).toHaveBeenCalledWith({ stepId: 'a' });
    expect(store.getState().selection).toEqual(['a']);
  });

  it('F2 renames inline: Enter commits one edit, Escape cancels', () => {
    const { row, store, key } = setup();
    fireEvent.click(row('a'));
    row('a').focus();
    key('F2');
    const input = within(row('a')).getByRole('textbox', { name: 'Step title' });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'Fetch page' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(store.getState().flow.steps.a?.title).toBe('Fetch page');
    expect(store.getState().history.past.at(-1)?.label).toBe('step.rename');
    expect(within(row('a')).queryByRole('textbox')).toBeNull();
    expect(document.activeElement).toBe(row('a'));

    key('F2');
    const again = within(row('a')).getByRole('textbox');
    fireEvent.change(again, { target: { value: 'Nope' } });
    fireEvent.keyDown(again, { key: 'Escape' });
    expect(store.getState().flow.steps.a?.title).toBe('Fetch page');
    expect(within(row('a')).getByText('Fetch page')).toBeInTheDocument();
  });

  it('focus follows a selection made elsewhere, expanding the blocks that hide it', () => {
    const { row, store, container } = setup();
    fireEvent.click(within(row('c')).getByRole('button', { name: 'Collapse “C”' }));
    expect(container.querySelector('[data-step-id="b"]')).toBeNull();
    act(() => store.getState().select(['b']));
    expect(row('b')).toHaveAttribute('tabindex', '0');
    expect(store.getState().collapsed).toEqual({});
  });
});

describe('StepListView: services.list', () => {
  it('focusRow reveals a hidden row and gives it keyboard focus', () => {
    const { row, services, container } = setup();
    fireEvent.click(within(row('l')).getByRole('button', { name: 'Collapse “L”' }));
    expect(container.querySelector('[data-step-id="b"]')).toBeNull();
    act(() => (services.list as StepListService).focusRow('b'));
    expect(document.activeElement).toBe(row('b'));
    expect(row('b')).toHaveAttribute('tabindex', '0');
  });
});

describe('StepListView: focus across dialogs', () => {
  it('a step added from the list through a dialog gets keyboard focus when the dialog hands focus back', () => {
    const { row, store } = setup();
    fireEvent.click(row('e'));
    row('e').focus();
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const input = document.createElement('input');
    dialog.append(input);
    document.body.append(dialog);
    input.focus();
    act(() =>
      store
        .getState()
        .edit(
          'structure.addStep',
          (f) => insertStep(f, step('n'), { parent: null, branch: null, index: 3 }),
          {
            select: ['n'],
          },
        ),
    );
    expect(document.activeElement).toBe(input); // never taken from an open dialog
    act(() => {
      dialog.remove();
      row('e').focus(); // the dialog restores focus where it was
    });
    expect(document.activeElement).toBe(row('n'));
  });
});

describe('StepListView: drag and drop', () => {
  const dataTransfer = () => ({
    setData: vi.fn(),
    getData: vi.fn(),
    effectAllowed: 'all',
    dropEffect: 'none',
  });
  /** Pointer over visible row `index` at `frac` of its height, `depth` indentation levels in. */
  const at = (index: number, frac: number, depth: number) => ({
    clientY: (index + frac) * 32,
    clientX: 8 + depth * 20 + 2,
  });

  it('drops a step into a block with one list.move edit and shows where it will land', () => {
    const { row, store, container } = setup();
    const scroll = container.querySelector('.fb-sl-scroll') as HTMLElement;
    const dt = dataTransfer();
    fireEvent.dragStart(row('z'), { dataTransfer: dt });
    // Row 11 is w's empty-body placeholder.
    fireEvent.dragOver(scroll, { dataTransfer: dt, ...at(11, 0.5, 1) });
    expect(screen.getByTestId('step-list-drop-indicator')).toHaveClass('fb-sl-drop-into');
    fireEvent.drop(scroll, { dataTransfer: dt, ...at(11, 0.5, 1) });
    expect(store.getState().flow.steps.w?.branches?.body).toEqual(['z']);
    expect(store.getState().history.past.at(-1)?.label).toBe('list.move');
    expect(screen.queryByTestId('step-list-drop-indicator')).toBeNull();
  });

  it('will not drop a block into itself', () => {
    const { row, store, container } = setup();
    const scroll = container.querySelector('.fb-sl-scroll') as HTMLElement;
    const flowBefore = store.getState().flow;
    const dt = dataTransfer();
    fireEvent.dragStart(row('c'), { dataTransfer: dt });
    fireEvent.dragOver(scroll, { dataTransfer: dt, ...at(2, 0.2, 3) }); // over a, inside c
    expect(screen.queryByTestId('step-list-drop-indicator')).toBeNull();
    fireEvent.drop(scroll, { dataTransfer: dt, ...at(2, 0.2, 3) });
    expect(store.getState().flow).toBe(flowBefore);
  });
});

describe('StepListView: graph flows', () => {
  it('shows a branching graph in execution order with a note, and no structure editing', () => {
    const { row, items, store, key } = setup(fanOutGraph());
    expect(screen.getByRole('note')).toHaveTextContent('free-form graph');
    expect(items().map((el) => el.getAttribute('data-step-id'))).toEqual(['g1', 'g3', 'g4', 'g2']);
    expect(row('g3')).toHaveAttribute('draggable', 'false');
    expect(screen.queryByTestId('step-list-add')).toBeNull();
    const before = store.getState().flow;
    fireEvent.click(row('g3'));
    row('g3').focus();
    key('Tab');
    expect(store.getState().flow).toBe(before);
  });
});

describe('StepListView: adding steps', () => {
  it('the add button selects the last top-level step and opens the picker', () => {
    const { store, services } = setup();
    fireEvent.click(screen.getByTestId('step-list-add'));
    expect(store.getState().focused).toBe('z');
    expect(services.openStepPicker).toHaveBeenCalled();
    expect((services.list as StepListService).insertionSlot()).toBeNull();
  });
});
