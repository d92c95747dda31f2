/**
 * The editor's keyboard funnel listens on the window: Delete, Mod+C, Mod+A... pressed on a button of the run
 * panel would delete, copy or select the flow's steps. Stop those at the panel's edge (text fields are left
 * alone: the funnel already skips them, and they need their keys). Run and cancel shortcuts still get through.
 */
import type { KeyboardEvent } from 'react';

const EDIT_KEYS = new Set(['a', 'c', 'x', 'v', 'd']);

export function guardEditorKeys(e: KeyboardEvent<HTMLElement>): void {
  const t = e.target as HTMLElement;
  if (t instanceof HTMLTextAreaElement || t.isContentEditable) return;
  if (t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range', 'submit'].includes(t.type)) return;
  if (t instanceof HTMLSelectElement) return;
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Delete' || e.key === 'Backspace' || (mod && !e.altKey && EDIT_KEYS.has(e.key.toLowerCase()))) e.stopPropagation();
}
