/**
 * The only React in src/editor: the provider and the hooks that read one store through narrow selectors.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { EditorStore, EditorStoreState } from './store';

const EditorContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorContext.Provider value={store}>{children}</EditorContext.Provider>;
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>');
  return store;
}

/** Subscribe to one slice; the component re-renders only when the selected value changes (Object.is). */
export function useEditor<T>(selector: (s: EditorStoreState) => T): T {
  return useStore(useEditorStore(), selector);
}

/** Same, for selectors that build arrays or objects: compared shallowly. */
export function useEditorShallow<T>(selector: (s: EditorStoreState) => T): T {
  return useStore(useEditorStore(), useShallow(selector));
}

/** One step's record: a node or row subscribes to this and nothing else. */
export function useStep(id: string) {
  return useEditor((s) => s.flow.steps[id]);
}

import type { CommandRegistry } from './commands/registry';
import type { CommandContext, EditorServices } from './commands/types';

interface CommandsValue {
  registry: CommandRegistry;
  services: EditorServices;
}

const CommandsContext = createContext<CommandsValue | null>(null);

export function CommandsProvider({ value, children }: { value: CommandsValue; children: ReactNode }) {
  return <CommandsContext.Provider value={value}>{children}</CommandsContext.Provider>;
}

/** Run commands by id from any view; `services` is where views register what they provide (canvas, list). */
export function useCommands() {
  const value = useContext(CommandsContext);
  const store = useEditorStore();
  if (!value) throw new Error('useCommands must be used inside <CommandsProvider>');
  const ctx: CommandContext = { store, services: value.services };
  return {
    registry: value.registry,
    services: value.services,
    ctx,
    execute: (id: string) => value.registry.execute(id, ctx),
    canRun: (id: string) => value.registry.canRun(id, ctx),
  };
}
