// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendProvider } from '../../shell/backend-context';
import { createFakeEngine } from '../../backends/local/fake-engine';
import { createLocalAdapter, type LocalAdapter } from '../../backends/local/local-adapter';
import type { BackendAdapter, Capabilities } from '../../backends/types';
import { emptyFlow } from '../../model/flow';
import { newId } from '../../model/ids';
import { LibrarySidebar } from './LibrarySidebar';

let n = 0;
const adapters: LocalAdapter[] = [];
afterEach(async () => {
  cleanup();
  localStorage.clear();
  await Promise.all(adapters.splice(0).map((a) => a.close()));
});

function localAdapter(): LocalAdapter {
  const a = createLocalAdapter({ dbName: `library-ui-${Date.now()}-${n++}`, engine: createFakeEngine() });
  adapters.push(a);
  return a;
}

/** The same adapter claiming fewer capabilities (methods stay; the UI must not offer them). */
function limited(a: BackendAdapter, caps: Partial<Capabilities>): BackendAdapter {
  return Object.assign(Object.create(a) as BackendAdapter, { capabilities: { ...a.capabilities, ...caps } });
}

function renderLibrary(adapter: BackendAdapter, onOpenFlow = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <BackendProvider adapter={adapter}>
      <QueryClientProvider client={client}>
        <LibrarySidebar activeFlowId={null} onOpenFlow={onOpenFlow} />
      </QueryClientProvider>
    </BackendProvider>,
  );
  return { onOpenFlow };
}

async function seed(a: LocalAdapter) {
  const top = await a.createFolder!('Projects', null);
  const sub = await a.createFolder!('Alpha', top.id);
  await a.createFolder!('Zeta', null);
  const flow = emptyFlow(newId('flow'), 'Invoice sync');
  flow.tags = ['billing'];
  await a.saveFlow({ flow, folderId: sub.id, baseRevision: null });
  await a.saveFlow({ flow: emptyFlow(newId('flow'), 'Loose'), folderId: null, baseRevision: null });
  return { top, sub };
}

describe('LibrarySidebar', () => {
  it('is a tree operable with arrows, F2 renames in place', async () => {
    const user = userEvent.setup();
    const a = localAdapter();
    await seed(a);
    renderLibrary(a);
    const tree = await screen.findByRole('tree', { name: 'Folders' });
    await within(tree).findByRole('treeitem', { name: 'Projects' });
    const all = within(tree).getByRole('treeitem', { name: 'All flows' });
    expect(all).toHaveAttribute('tabindex', '0');
    all.focus();
    await user.keyboard('{ArrowDown}');
    const projects = within(tree).getByRole('treeitem', { name: 'Projects' });
    expect(projects).toHaveFocus();
    expect(projects).toHaveAttribute('aria-expanded', 'false');
    expect(within(tree).queryByRole('treeitem', { name: 'Alpha' })).toBeNull();
    await user.keyboard('{ArrowRight}');
    expect(projects).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowRight}');
    const alpha = within(tree).getByRole('treeitem', { name: 'Alpha' });
    expect(alpha).toHaveFocus();
    expect(alpha).toHaveAttribute('aria-level', '2');
    await user.keyboard('{Enter}');
    expect(alpha).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getAllByTestId('flow-item').map((b) => b.querySelector('.fb-flow-name')!.textContent)).toEqual(['Invoice sync']));

    await user.keyboard('{F2}');
    const field = screen.getByTestId('folder-rename');
    await user.clear(field);
    await user.type(field, 'Alpha two{Enter}');
    await waitFor(async () => expect((await a.listFolders!()).map((f) => f.name)).toContain('Alpha two'));
    await waitFor(() => expect(within(tree).getByRole('treeitem', { name: 'Alpha two' })).toBeInTheDocument());

    await user.keyboard('{ArrowLeft}');
    expect(projects).toHaveFocus();
    await user.keyboard('{End}');
    expect(within(tree).getByRole('treeitem', { name: 'Zeta' })).toHaveFocus();
  });

  it('creates folders through an inline field, not a prompt', async () => {
    const user = userEvent.setup();
    const prompt = vi.spyOn(window, 'prompt');
    const a = localAdapter();
    renderLibrary(a);
    await user.click(await screen.findByTestId('new-folder'));
    const field = screen.getByRole('textbox', { name: 'Folder name' });
    await user.clear(field);
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Give the folder a name.');
    await user.type(field, 'Fresh{Enter}');
    await waitFor(() => expect(screen.getByRole('treeitem', { name: 'Fresh' })).toHaveAttribute('aria-selected', 'true'));
    expect(prompt).not.toHaveBeenCalled();
  });

  it('searches name, description and tags through the backend', async () => {
    const user = userEvent.setup();
    const a = localAdapter();
    await seed(a);
    renderLibrary(a);
    await screen.findAllByTestId('flow-item');
    await user.type(screen.getByRole('searchbox', { name: 'Search flows' }), 'billing');
    await waitFor(() => expect(screen.getAllByTestId('flow-item')).toHaveLength(1));
    expect(screen.getByTestId('flow-item')).toHaveTextContent('Invoice sync');
    // Found elsewhere: the row says which folder it is in.
    expect(screen.getByTestId('flow-item')).toHaveTextContent('Projects / Alpha');
  });

  it('deletes a folder moving its contents up, and undo puts it back', async () => {
    const user = userEvent.setup();
    const a = localAdapter();
    const { top, sub } = await seed(a);
    renderLibrary(a);
    const tree = await screen.findByRole('tree', { name: 'Folders' });
    const projects = await within(tree).findByRole('treeitem', { name: 'Projects' });
    projects.focus();
    await user.keyboard('{Delete}');
    const dialog = await screen.findByTestId('delete-folder-dialog');
    expect(dialog).toHaveTextContent('It holds 1 flow(s) and 1 subfolder(s)');
    expect(within(dialog).getByTestId('delete-mode-move')).toBeChecked();
    await user.click(within(dialog).getByTestId('delete-folder-confirm'));
    await waitFor(async () => expect((await a.listFolders!()).find((f) => f.id === top.id)).toBeUndefined());
    expect((await a.listFolders!()).find((f) => f.id === sub.id)?.parentId).toBeNull();
    await user.click(await screen.findByTestId('undo-delete'));
    await waitFor(async () => {
      const folders = await a.listFolders!();
      const again = folders.find((f) => f.name === 'Projects');
      expect(again).toBeDefined();
      expect(folders.find((f) => f.id === sub.id)?.parentId).toBe(again!.id);
    });
  });

  it('shows only what the backend can do', async () => {
    const a = localAdapter();
    await a.saveFlow({ flow: emptyFlow(newId('flow'), 'Only flow'), baseRevision: null });
    renderLibrary(limited(a, { folders: false, nestedFolders: false, importExport: false, favourites: false, move: false, tags: false }));
    await screen.findByTestId('flow-item');
    expect(screen.queryByRole('tree')).toBeNull();
    expect(screen.queryByTestId('new-folder')).toBeNull();
    expect(screen.queryByTestId('import-button')).toBeNull();
    expect(screen.queryByTestId('flow-favourite')).toBeNull();
    expect(screen.queryByTestId('favourites-only')).toBeNull();
    expect(screen.getByTestId('flow-row')).toHaveAttribute('draggable', 'false');
  });

  it('opens a flow from its row', async () => {
    const user = userEvent.setup();
    const a = localAdapter();
    await seed(a);
    const { onOpenFlow } = renderLibrary(a);
    const loose = (await screen.findAllByTestId('flow-item')).find((b) => b.textContent?.includes('Loose'))!;
    await user.click(loose);
    expect(onOpenFlow).toHaveBeenCalledTimes(1);
  });
});
