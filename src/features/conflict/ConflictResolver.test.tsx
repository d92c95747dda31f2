// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendProvider } from '../../shell/backend-context';
import { createFakeEngine } from '../../backends/local/fake-engine';
import { createLocalAdapter, type LocalAdapter } from '../../backends/local/local-adapter';
import { BackendError, type SavedFlow } from '../../backends/types';
import { EditorStoreProvider } from '../../editor/context';
import { createEditorStore, type EditorStore } from '../../editor/store';
import { emptyFlow, type Flow } from '../../model/flow';
import { ConflictResolver, CONFLICT_EVENT, CONFLICT_RESOLVED_EVENT } from './ConflictResolver';

let n = 0;
let adapter: LocalAdapter;
let resolved: Array<{ flowId: string }>;
const onResolved = (e: Event) => resolved.push((e as CustomEvent<{ flowId: string }>).detail);

beforeEach(() => {
  adapter = createLocalAdapter({ dbName: `conflict-ui-${Date.now()}-${n++}`, engine: createFakeEngine() });
  resolved = [];
  window.addEventListener(CONFLICT_RESOLVED_EVENT, onResolved);
  window.location.hash = '';
});
afterEach(async () => {
  cleanup();
  window.removeEventListener(CONFLICT_RESOLVED_EVENT, onResolved);
  await adapter.close();
});

function withTitle(base: Flow, title: string): Flow {
  return { ...base, steps: { s1: { id: 's1', kind: 'action', type: 'fake.log', title, params: {} } }, root: ['s1'] };
}

/** A stored flow changed "elsewhere" (theirs), and an editor whose document (mine) is based on the old revision. */
async function setup(): Promise<{ store: EditorStore; theirs: SavedFlow; mine: Flow }> {
  const original = withTitle(emptyFlow('flow_c', 'Shared'), 'Original');
  const first = await adapter.saveFlow({ flow: original, baseRevision: null });
  const theirs = await adapter.saveFlow({ flow: withTitle(original, 'Theirs'), baseRevision: first.summary.revision });
  const mine = withTitle(original, 'Mine');
  const store = createEditorStore({ flow: mine, baseRevision: first.summary.revision });
  store.setState({ dirty: true, changeCounter: 1 });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <BackendProvider adapter={adapter}>
      <QueryClientProvider client={client}>
        <EditorStoreProvider store={store}>
          <ConflictResolver />
        </EditorStoreProvider>
      </QueryClientProvider>
    </BackendProvider>,
  );
  act(() => {
    const error = new BackendError('conflict', 'changed elsewhere', { current: theirs });
    window.dispatchEvent(new CustomEvent(CONFLICT_EVENT, { detail: { error, flowId: 'flow_c' } }));
  });
  await screen.findByTestId('conflict-dialog');
  return { store, theirs, mine };
}

describe('ConflictResolver', () => {
  it('shows the diff between theirs and mine and writes nothing until a choice', async () => {
    const { theirs } = await setup();
    const dialog = screen.getByTestId('conflict-dialog');
    // The diff view loads lazily: give its first load time on a busy machine.
    const row = await within(dialog).findByRole('button', { name: /Mine/ }, { timeout: 10_000 });
    expect(row).toHaveAttribute('data-mark', 'changed');
    expect(within(dialog).getByTestId('diff-details')).toHaveTextContent('"Theirs"');
    expect((await adapter.getFlow('flow_c')).summary.revision).toBe(theirs.summary.revision);
    expect(resolved).toEqual([]);
  });

  it('keep mine: same document, their revision as the base, autosave resumes', async () => {
    const user = userEvent.setup();
    const { store, theirs, mine } = await setup();
    await user.click(screen.getByTestId('conflict-keep-mine'));
    expect(store.getState().flow).toEqual(mine);
    expect(store.getState().baseRevision).toBe(theirs.summary.revision);
    expect(store.getState().dirty).toBe(true);
    expect(resolved).toEqual([{ flowId: 'flow_c' }]);
    expect(screen.queryByTestId('conflict-dialog')).toBeNull();
  });

  it('take theirs: their document and revision, undoable', async () => {
    const user = userEvent.setup();
    const { store, theirs, mine } = await setup();
    await user.click(screen.getByTestId('conflict-take-theirs'));
    expect(store.getState().flow).toEqual(theirs.flow);
    expect(store.getState().baseRevision).toBe(theirs.summary.revision);
    expect(resolved).toEqual([{ flowId: 'flow_c' }]);
    act(() => void store.getState().undo());
    expect(store.getState().flow.steps.s1!.title).toBe(mine.steps.s1!.title);
  });

  it('save as copy: mine becomes a new flow and opens; this one takes theirs', async () => {
    const user = userEvent.setup();
    const { store, theirs } = await setup();
    await user.click(screen.getByTestId('conflict-save-copy'));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/flow\//));
    const copyId = decodeURIComponent(window.location.hash.slice('#/flow/'.length));
    expect(copyId).not.toBe('flow_c');
    const copy = await adapter.getFlow(copyId);
    expect(copy.flow.name).toBe('Shared (my copy)');
    expect(copy.flow.steps.s1!.title).toBe('Mine');
    expect(store.getState().flow).toEqual(theirs.flow);
    expect(resolved).toEqual([{ flowId: 'flow_c' }]);
  });

  it('closing without a choice keeps autosave paused and offers to reopen', async () => {
    const user = userEvent.setup();
    const { store, mine } = await setup();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('conflict-dialog')).toBeNull());
    expect(resolved).toEqual([]);
    expect(store.getState().flow).toEqual(mine);
    await user.click(screen.getByTestId('conflict-reopen'));
    expect(await screen.findByTestId('conflict-dialog')).toBeInTheDocument();
  });

  it('ignores conflicts of other flows', async () => {
    const user = userEvent.setup();
    await setup();
    await user.click(screen.getByTestId('conflict-take-theirs'));
    act(() => {
      window.dispatchEvent(new CustomEvent(CONFLICT_EVENT, { detail: { error: new BackendError('conflict', 'x'), flowId: 'other' } }));
    });
    expect(screen.queryByTestId('conflict-dialog')).toBeNull();
    expect(screen.queryByTestId('conflict-reopen')).toBeNull();
  });
});
