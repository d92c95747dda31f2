// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendProvider } from '../../shell/backend-context';
import { BUILTIN_MODULES } from '../../backends/local/modules';
import type { BackendAdapter } from '../../backends/types';
import { BUILTIN_COMMANDS } from '../../editor/commands/builtin';
import { CommandRegistry } from '../../editor/commands/registry';
import type { EditorServices } from '../../editor/commands/types';
import { CommandsProvider, EditorStoreProvider, useEditor } from '../../editor/context';
import { createEditorStore } from '../../editor/store';
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { localSyntax, setParam } from '../../model';
import { ChecklistButton } from './ChecklistButton';

afterEach(cleanup);

function flow(): Flow {
  const f = emptyFlow('flow-1', 'Checklist flow');
  const steps: Step[] = [
    { id: 'trigger', kind: 'trigger', type: 'core.manual_trigger', title: 'Start', params: {} },
    {
      id: 'fetch',
      kind: 'action',
      type: 'core.http_request',
      title: 'Fetch weather',
      params: { method: 'GET', url: '' },
    },
    {
      id: 'log',
      kind: 'action',
      type: 'core.log',
      title: 'Say it',
      params: { level: 'info', message: 'It is {{steps.gone.body}}' },
    },
  ];
  for (const s of steps) f.steps[s.id] = s;
  f.root = steps.map((s) => s.id);
  return f;
}

/** Stands in for the inspector: the focused step's URL / message fields, with the form's DOM ids. */
function FakeInspector() {
  const focused = useEditor((s) => s.focused);
  return (
    <aside id="fb-inspector">
      {focused ? (
        <>
          <label htmlFor={`step-${focused}-url`}>URL</label>
          <input id={`step-${focused}-url`} />
          <label htmlFor={`step-${focused}-message`}>Message</label>
          <input id={`step-${focused}-message`} />
        </>
      ) : null}
    </aside>
  );
}

function setup() {
  const store = createEditorStore({ flow: flow(), baseRevision: null });
  const adapter = {
    id: 'test',
    label: 'Test',
    referenceSyntax: localSyntax,
    capabilities: {},
    listModules: async () => BUILTIN_MODULES,
  } as unknown as BackendAdapter;
  const services: EditorServices = {
    readClipboard: async () => '',
    writeClipboard: async () => {},
    notify: vi.fn(),
    modules: () => BUILTIN_MODULES,
    language: () => 'en',
  };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <BackendProvider adapter={adapter}>
      <QueryClientProvider client={client}>
        <EditorStoreProvider store={store}>
          <CommandsProvider value={{ registry: new CommandRegistry(BUILTIN_COMMANDS), services }}>
            <div role="toolbar" aria-label="Flow editor">
              <ChecklistButton />
            </div>
            <FakeInspector />
          </CommandsProvider>
        </EditorStoreProvider>
      </QueryClientProvider>
    </BackendProvider>,
  );
  return { store };
}

describe('ChecklistButton', () => {
  it('counts the problems, lists them by step and jumps to the step’s field', async () => {
    const user = userEvent.setup();
    const { store } = setup();
    const button = await screen.findByRole('button', { name: /2 problems/ });
    expect(button).toHaveAttribute('data-blocking', 'true');

    await user.click(button);
    const popover = await screen.findByRole('dialog', { name: 'Checklist' });
    expect(within(popover).getByRole('status')).toHaveTextContent('2 errors must be fixed');
    const items = within(popover).getAllByTestId('checklist-item');
    expect(items.map((i) => i.dataset.stepId)).toEqual(['fetch', 'log']);
    expect(items[0]).toHaveTextContent('Fetch weather');
    expect(items[0]).toHaveTextContent('URL is missing');
    expect(items[1]).toHaveTextContent(
      'Message: Refers to a step that no longer exists ({{steps.gone.body}})',
    );

    // Arrow keys move between the items.
    items[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(items[0]).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(store.getState().selection).toEqual(['fetch']);
    expect(store.getState().focused).toBe('fetch');
    expect(store.getState().revealStep).toBe('fetch');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.getElementById('step-fetch-url')).toHaveFocus());

    // The other item focuses its own field.
    await user.click(button);
    await user.click(within(await screen.findByRole('dialog')).getAllByTestId('checklist-item')[1]!);
    expect(store.getState().focused).toBe('log');
    await waitFor(() => expect(document.getElementById('step-log-message')).toHaveFocus());
  });

  it('follows the document: fixing a step takes it off the list', async () => {
    const { store } = setup();
    await screen.findByRole('button', { name: /2 problems/ });
    act(() => store.getState().edit('fix', (f) => setParam(f, 'fetch', 'url', 'https://example.test')));
    await screen.findByRole('button', { name: /1 problem\b/ });
    act(() => store.getState().edit('fix', (f) => setParam(f, 'log', 'message', 'fine')));
    const ok = await screen.findByRole('button', { name: 'No problems' });
    expect(ok).toHaveAttribute('data-blocking', 'false');
  });
});
