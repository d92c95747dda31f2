/**
 * A save that landed but whose answer was cut comes back, when autosave sends it again from the same base, as
 * a conflict whose "current copy" is exactly the document being saved: 0 added, 0 removed, 0 changed. There
 * is nothing to choose between, so no dialog: the editor takes the server's revision and carries on.
 */
import { sameDocument } from '../../backends/transport/landed-create';
import type { BackendError, SavedFlow } from '../../backends/types';
import type { Flow } from '../../model/flow';

/** The server's copy when a conflict is only our own landed save (same document), else null. */
export function landedOwnSave(conflict: BackendError, sent: Flow): SavedFlow | null {
  const current = conflict.current;
  if (!current || current.flow.id !== sent.id) return null;
  return sameDocument(current.flow, sent) ? current : null;
}
