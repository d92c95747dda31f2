/**
 * Opening a flow: fetch it from the backend, recover an unsaved journal, restore the undo history, and make
 * its editor store. Pure of React so it is tested directly.
 *
 * A journal is never thrown away unread:
 * - based on the revision just loaded: its edits never reached the backend; they are put back (`recovered`);
 * - based on an older revision (the tab was blocked by a conflict, or crashed while another tab saved): the
 *   edits are put back too, and the session starts in conflict with the backend's copy (`staleJournal`), so
 *   the user chooses in the conflict dialog instead of losing either side;
 * - unreadable (written by a newer Flowbench, damaged): it is moved aside under `unreadableKey`, kept for
 *   download, and the backend's copy opens (`unreadableJournal` says why).
 */
import { BackendError, type BackendAdapter, type SavedFlow } from '../../backends/types';
import { restoreFlow } from '../../model';
import { createEditorStore, type EditorStore } from '../../editor/store';
import { EditorPersistence } from '../../editor/persistence';

export interface FlowSession {
  store: EditorStore;
  key: string;
  /** The journal had edits the backend did not have yet; they were put back. */
  recovered: boolean;
  /** The recovered edits were made on an older revision: a conflict with this backend copy to resolve. */
  staleJournal?: BackendError;
  /** A journal that could not be read: kept under `unreadableKey`, with the reason. */
  unreadableJournal?: { message: string; unreadableKey: string };
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
  let staleJournal: BackendError | undefined;
  let unreadableJournal: FlowSession['unreadableJournal'];
  if (journal) {
    try {
      const mine = restoreFlow(journal.flow);
      if (JSON.stringify(mine) !== JSON.stringify(saved.flow)) {
        flow = mine;
        recovered = true;
        if (journal.baseRevision !== saved.summary.revision) {
          baseRevision = journal.baseRevision;
          staleJournal = new BackendError('conflict', 'Unsaved edits from your last session were made on an older version of this flow.', { current: saved });
        }
      }
    } catch (e) {
      const unreadableKey = `${key}::unreadable`;
      await persistence.writeJournal(unreadableKey, journal.flow as never, journal.baseRevision).catch(() => undefined);
      unreadableJournal = { message: e instanceof Error ? e.message : String(e), unreadableKey };
    }
  }
  if (!recovered) await persistence.clearJournal(key).catch(() => undefined);
  const store = createEditorStore({ flow, baseRevision, history: history ?? undefined, view, storable: adapter.capabilities });
  if (recovered) store.setState({ dirty: true, changeCounter: 1 });
  baseRevision = store.getState().baseRevision;
  const session: FlowSession = { store, key, recovered };
  if (staleJournal) session.staleJournal = staleJournal;
  if (unreadableJournal) session.unreadableJournal = unreadableJournal;
  return session;
}
