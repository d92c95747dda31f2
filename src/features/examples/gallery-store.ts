/**
 * Whether the example gallery and the "new flow" name dialog are open. App-wide (outside any editor), because
 * they open from the empty state, the library and the command palette alike.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

interface StartState {
  examples: boolean;
  newFlow: boolean;
}

export const startDialogs = createStore<StartState>()(() => ({ examples: false, newFlow: false }));

export const openExamples = () => startDialogs.setState({ examples: true });
export const openNewFlow = () => startDialogs.setState({ newFlow: true });

export function useStartDialogs<T>(select: (s: StartState) => T): T {
  return useStore(startDialogs, select);
}
