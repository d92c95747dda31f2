/**
 * Opening a flow: fetch it from the backend, recover an unsaved journal newer than it, restore the undo
 * history, and make its editor store. Pure of React so it is tested directly.
 */
import type { BackendAdapter, SavedFlow } from '../../backends/types';
import { restoreFlow } from '../../model';
import { createEditorStore, type EditorStore } from '../../editor/store';
import { EditorPersistence } from '../../editor/persistence';

export interface FlowSession {
  store: EditorStore;
  key: string;
  /** The journal had edits the backend did not have yet; they were put back. */
  recovered: boolean;
}

export async function openFlowSession(
  adapter: BackendAdapter,
  persistence: EditorPersistence,
  flowId: string,
  view: 'canvas' | 'list',
): Promise<FlowSession> {
  const key = EditorPersistence.key(adapter.id, flowId);
  const saved: SavedFlow = await adapter.getFlow(flowId);
  const [journal, history] = await Promise.all([
    persistence.loadJournal(key).catch(() => undefined),
    persistence.loadHistory(key, flowId).catch(() => null),
  ]);
  let flow = saved.flow;
  let baseRevision: string | null = saved.summary.revision;
  let recovered = false;
  // A journal based on the revision we just loaded holds edits that never reached the backend.
  if (journal && journal.baseRevision === saved.summary.revision) {
    try {
      flow = restoreFlow(journal.flow);
      recovered = JSON.stringify(flow) !== JSON.stringify(saved.flow);
    } catch {
      // A journal we cannot read is dropped: the backend copy is intact.
    }
  }
  if (!recovered) await persistence.clearJournal(key).catch(() => undefined);
  const store = createEditorStore({ flow, baseRevision, history: history ?? undefined, view });
  if (recovered) store.setState({ dirty: true, changeCounter: 1 });
  baseRevision = store.getState().baseRevision;
  return { store, key, recovered };
}
