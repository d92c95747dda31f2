/**
 * HTML5 drag and drop in the library: flows and folders are dragged onto folders to move them; files from
 * the desktop are dropped to import them. The payload travels in `dataTransfer`; what is being dragged is
 * also kept here, because `dragover` may only read the types, and the drop target needs to know whether the
 * drop is allowed (a folder into itself is not) to show it while hovering.
 */
import type { DragEvent } from 'react';

export const FLOWS_MIME = 'application/x-flowbench-flows';
export const FOLDER_MIME = 'application/x-flowbench-folder';

export type DragPayload = { kind: 'flows'; ids: string[] } | { kind: 'folder'; id: string };

let current: DragPayload | null = null;

export function startDrag(e: DragEvent, payload: DragPayload): void {
  current = payload;
  e.dataTransfer.effectAllowed = 'move';
  if (payload.kind === 'flows') e.dataTransfer.setData(FLOWS_MIME, JSON.stringify(payload.ids));
  else e.dataTransfer.setData(FOLDER_MIME, payload.id);
  // Some browsers start no drag without a plain-text payload.
  e.dataTransfer.setData('text/plain', payload.kind === 'flows' ? payload.ids.join(',') : payload.id);
}

export function endDrag(): void {
  current = null;
}

/** What is over the target, from the types alone (dragover) plus the drag started here. */
export function dragKind(e: DragEvent): 'flows' | 'folder' | 'files' | null {
  const types = Array.from(e.dataTransfer.types);
  if (types.includes(FLOWS_MIME)) return 'flows';
  if (types.includes(FOLDER_MIME)) return 'folder';
  if (types.includes('Files')) return 'files';
  return null;
}

export function currentDrag(): DragPayload | null {
  return current;
}

/** The payload of a drop, or null for anything that is not ours. */
export function readDrop(e: DragEvent): DragPayload | { kind: 'files'; files: File[] } | null {
  const flows = e.dataTransfer.getData(FLOWS_MIME);
  if (flows) {
    try {
      const ids: unknown = JSON.parse(flows);
      if (Array.isArray(ids) && ids.every((x) => typeof x === 'string')) return { kind: 'flows', ids };
    } catch {
      return null;
    }
  }
  const folder = e.dataTransfer.getData(FOLDER_MIME);
  if (folder) return { kind: 'folder', id: folder };
  const files = Array.from(e.dataTransfer.files ?? []);
  if (files.length > 0) return { kind: 'files', files };
  return null;
}
