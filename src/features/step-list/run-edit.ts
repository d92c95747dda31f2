/**
 * Runs a list edit through the store. Model operations throw `OpError` for impossible edits (a block into
 * itself, a duplicate title where steps are referenced by title); the user sees that message as a notice
 * instead of the edit failing silently.
 */
import type { EditOptions, EditorStore } from '../../editor/store';
import type { EditorServices } from '../../editor/commands/types';
import type { Flow } from '../../model/flow';
import { guardStorable, UnstorableEdit } from '../../editor/storable';
import { i18next } from '../../i18n';

export function runEdit(
  store: EditorStore,
  services: Pick<EditorServices, 'notify' | 'capabilities'>,
  label: string,
  change: (flow: Flow) => Flow,
  opts?: EditOptions,
): boolean {
  try {
    store.getState().edit(label, guardStorable(change, services.capabilities?.()), opts);
    return true;
  } catch (e) {
    if (e instanceof UnstorableEdit) {
      services.notify('editor:unstorable.title', 'warning', { message: i18next.t(e.key) });
      return false;
    }
    services.notify('errors.commandFailed', 'error', { message: e instanceof Error ? e.message : String(e) });
    return false;
  }
}
