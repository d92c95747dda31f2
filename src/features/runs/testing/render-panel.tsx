/** Mounts the run panel as the editor frame does: backend, queries, editor store, commands and the keyboard funnel. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Flow } from '../../../model/flow';
import { render } from '@testing-library/react';
import { StrictMode, useRef, type ReactNode } from 'react';
import { vi } from 'vitest';
import { BackendProvider } from '../../../shell/backend-context';
import { BUILTIN_COMMANDS } from '../../../editor/commands/builtin';
import { CommandRegistry } from '../../../editor/commands/registry';
import type { EditorServices } from '../../../editor/commands/types';
import { CommandsProvider, EditorStoreProvider, useCommands } from '../../../editor/context';
import { createEditorStore } from '../../../editor/store';
import { useKeyboardCommands } from '../../editor-shell/useKeyboardCommands';
import { RunPanel } from '../RunPanel';
import type { MemoryAdapter } from './memory-adapter';
import { scriptedFlow } from './scripted-run';

function Shell({ children }: { children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const { registry, ctx } = useCommands();
  useKeyboardCommands(registry, ctx, root);
  return <div ref={root}>{children}</div>;
}

/** `strict`: mount in StrictMode as main.tsx does (effects run, are cleaned up, and run again). */
export function renderRunPanel(adapter: MemoryAdapter, opts: { strict?: boolean; flow?: Flow } = {}) {
  // The panel's tab and fold survive reloads (localStorage): each test starts from the defaults.
  localStorage.removeItem('flowbench.runPanel');
  const store = createEditorStore({ flow: opts.flow ?? scriptedFlow(), baseRevision: null });
  const services: EditorServices = {
    readClipboard: async () => '',
    writeClipboard: async () => {},
    notify: vi.fn(),
    modules: () => [],
    language: () => 'en',
  };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const Root = opts.strict ? StrictMode : NoWrapper;
  const utils = render(
    <Root>
      <BackendProvider adapter={adapter}>
        <QueryClientProvider client={client}>
          <EditorStoreProvider store={store}>
            <CommandsProvider value={{ registry: new CommandRegistry(BUILTIN_COMMANDS), services }}>
              <Shell>
                <RunPanel />
              </Shell>
            </CommandsProvider>
          </EditorStoreProvider>
        </QueryClientProvider>
      </BackendProvider>
    </Root>,
  );
  return { store, services, client, ...utils };
}

function NoWrapper({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
