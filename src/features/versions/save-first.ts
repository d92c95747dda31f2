/** Version operations snapshot the stored draft, so the editor's pending edits are saved first. */
import { noticeStore } from '../../shell/notices';

/** Flushes the editor's pending edits; false (with a notice) when they could not be saved (a conflict, an error). */
export async function saveEditorFirst(services: { save?(): Promise<void> }, store: { getState(): { dirty: boolean } }): Promise<boolean> {
  await services.save?.();
  if (!store.getState().dirty) return true;
  noticeStore.getState().push({ key: 'versions:errors.saveFirst', tone: 'error' });
  return false;
}
