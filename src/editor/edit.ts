/**
 * The one way a view edits the document outside a command: through the store (so history, the storable
 * check and selection pruning apply), with one error path. Model operations throw `OpError` for impossible
 * edits and the store throws `UnstorableEdit` for what the backend cannot store; the user sees either as a
 * notice, never an uncaught error. Commands reach the same notices through `CommandRegistry.execute`.
 */
import type { EditorServices } from './commands/types';
import type { EditOptions, EditorStore } from './store';
import { UnstorableEdit } from './storable';
import type { Flow } from '../model/flow';
import { errorText } from '../shell/error-text';

/** The notice for an edit that failed: why the backend cannot store it, or the operation's own message. */
export function editErrorNotice(e: unknown): { key: string; tone: 'warning' | 'error'; values: Record<string, unknown> } {
  if (e instanceof UnstorableEdit) return { key: e.key, tone: 'warning', values: {} };
  return { key: 'editor:errors.commandFailed', tone: 'error', values: { message: errorText(e) } };
}

export function applyEdit(
  store: EditorStore,
  services: Pick<EditorServices, 'notify'>,
  label: string,
  change: (flow: Flow) => Flow,
  opts?: EditOptions,
): boolean {
  try {
    store.getState().edit(label, change, opts);
    return true;
  } catch (e) {
    const n = editErrorNotice(e);
    services.notify(n.key, n.tone, n.values);
    return false;
  }
}
