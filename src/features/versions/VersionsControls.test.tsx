// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendProvider } from '../../shell/backend-context';
import { createFakeEngine } from '../../backends/local/fake-engine';
import { createLocalAdapter, type LocalAdapter } from '../../backends/local/local-adapter';
import { BUILTIN_COMMANDS } from '../../editor/commands/builtin';
import { CommandRegistry } from '../../editor/commands/registry';
import type { EditorServices } from '../../editor/commands/types';
import { CommandsProvider, EditorStoreProvider } from '../../editor/context';
import { createEditorStore, type EditorStore } from '../../editor/store';
import { emptyFlow, type Flow } from '../../model/flow';
import { VersionsControls } from './VersionsControls';

let n = 0;
let adapter: LocalAdapter;
beforeEach(() => {
  adapter = createLocalAdapter({ dbName: `versions-ui-${Date.now()}-${n++}`, engine: createFakeEngine() });
});
afterEach(async () => {
  cleanup();
  await adapter.close();
});

const titled = (f: Flow, title: string): Flow => ({ ...f, steps: { s1: { id: 's1', kind: 'action', type: 'fake.log', title, params: { message: 'hi' } } }, root: ['s1'] });

/** A flow published with title "Log", then edited to "Say hello" and saved: the editor holds the draft. */
async function setup(opts: { publish?: boolean } = {}) {
  const base = emptyFlow('flow_v', 'Versioned');
  const first = await adapter.saveFlow({ flow: titled(base, 'Log'), baseRevision: null });
  if (opts.publish !== false) await adapter.publish!('flow_v', { note: 'First release' });
  const edited = await adapter.saveFlow({ flow: titled(base, 'Say hello'), baseRevision: first.summary.revision });
  const store: EditorStore = createEditorStore({ flow: edited.flow, baseRevision: edited.summary.revision });
  // Autosave stands in: a save writes the store's document and marks it saved.
  const save = vi.fn(async () => {
    const s = store.getState();
    if (!s.dirty) return;
    const r = await adapter.saveFlow({ flow: s.flow, baseRevision: s.baseRevision });
    s.markSaved(r.summary.revision, s.changeCounter);
  });
  const services: EditorServices = { readClipboard: async () => '', writeClipboard: async () => {}, notify: vi.fn(), modules: () => [], language: () => 'en', save };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <BackendProvider adapter={adapter}>
      <QueryClientProvider client={client}>
        <EditorStoreProvider store={store}>
          <CommandsProvider value={{ registry: new CommandRegistry(BUILTIN_COMMANDS), services }}>
            <VersionsControls />
          </CommandsProvider>
        </EditorStoreProvider>
      </QueryClientProvider>
    </BackendProvider>,
  );
  return { store, save };
}

describe('VersionsControls', () => {
  it('shows draft vs published, and the draft-vs-published diff marks the changed step', async () => {
    const user = userEvent.setup();
    await setup();
    await waitFor(() => expect(screen.getByTestId('publish-state')).toHaveAttribute('data-state', 'changed'));
    await user.click(screen.getByTestId('versions-button'));
    const dialog = await screen.findByTestId('versions-dialog', {}, { timeout: 10_000 });
    const rows = await within(dialog).findAllByTestId('version-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('First release');
    expect(within(rows[0]!).getByTestId('published-badge')).toHaveTextContent('Published');
    await user.click(within(dialog).getByTestId('compare-draft-published'));
    const row = await within(dialog).findByRole('button', { name: /Say hello/ }, { timeout: 10_000 });
    expect(row).toHaveAttribute('data-mark', 'changed');
    expect(within(dialog).getByTestId('diff-summary')).toHaveTextContent('0 added, 0 removed, 1 changed, 0 moved');
    expect(within(dialog).getByTestId('diff-details')).toHaveTextContent('"Log"');
  });

  it('restores a version into the editor as one undoable step based on the returned revision', async () => {
    const user = userEvent.setup();
    const { store, save } = await setup();
    await user.click(screen.getByTestId('versions-button'));
    const dialog = await screen.findByTestId('versions-dialog', {}, { timeout: 10_000 });
    await user.click(await within(dialog).findByTestId('version-restore'));
    await waitFor(() => expect(store.getState().flow.steps.s1!.title).toBe('Log'));
    expect(save).toHaveBeenCalled();
    const stored = await adapter.getFlow('flow_v');
    expect(store.getState().baseRevision).toBe(stored.summary.revision);
    expect(store.getState().history.past.at(-1)?.label).toBe('versions.restore');
    // The draft that was replaced is kept as a version.
    const versions = await adapter.listVersions!('flow_v');
    expect(versions[0]!.note).toMatch(/^Before restoring/);
    store.getState().undo();
    expect(store.getState().flow.steps.s1!.title).toBe('Say hello');
  });

  it('publishes with a note after saving pending edits', async () => {
    const user = userEvent.setup();
    const { store, save } = await setup({ publish: false });
    await waitFor(() => expect(screen.getByTestId('publish-state')).toHaveAttribute('data-state', 'never'));
    store.getState().edit('test.rename', (f) => titled(f, 'Newest'));
    await user.click(screen.getByTestId('publish'));
    await user.type(screen.getByTestId('publish-note'), 'Ship it');
    await user.click(screen.getByTestId('publish-confirm'));
    await waitFor(() => expect(screen.getByTestId('publish-state')).toHaveAttribute('data-state', 'published'));
    expect(save).toHaveBeenCalled();
    const [version] = await adapter.listVersions!('flow_v');
    expect(version).toMatchObject({ note: 'Ship it', published: true });
    expect((await adapter.getVersion!('flow_v', version!.id)).flow.steps.s1!.title).toBe('Newest');
  });

  it('opens a version read-only', async () => {
    const user = userEvent.setup();
    await setup();
    await user.click(screen.getByTestId('versions-button'));
    const dialog = await screen.findByTestId('versions-dialog', {}, { timeout: 10_000 });
    await user.click(await within(dialog).findByTestId('version-view'));
    const preview = await within(dialog).findByTestId('version-preview', {}, { timeout: 10_000 });
    expect(within(preview).getByRole('button', { name: /Log/ })).toHaveAttribute('data-mark', 'unchanged');
    expect(preview.querySelectorAll('input, textarea, select')).toHaveLength(0);
  });

  it('compares any two picked versions, older on the left', async () => {
    const user = userEvent.setup();
    await setup();
    await adapter.createVersion!('flow_v', { note: 'edited', name: 'v2' });
    await user.click(screen.getByTestId('versions-button'));
    const dialog = await screen.findByTestId('versions-dialog', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(dialog).getAllByTestId('version-row')).toHaveLength(2));
    for (const box of within(dialog).getAllByRole('checkbox', { name: /^Select (v2|First release) for comparing$/ })) await user.click(box);
    await user.click(within(dialog).getByTestId('compare-picked'));
    expect(await within(dialog).findByText('From: First release')).toBeInTheDocument();
    expect(within(dialog).getByText('To: v2')).toBeInTheDocument();
    expect(await within(dialog).findByRole('button', { name: /Say hello/ }, { timeout: 10_000 })).toHaveAttribute('data-mark', 'changed');
  });
});
