/**
 * Drag to reorder and re-nest rows (HTML5 drag and drop). The pointer position is turned into a slot by the
 * pure `computeDrop`; this hook only measures, shows the indicator and commits one `list.move` edit.
 */
import { useRef, useState, type DragEvent, type RefObject } from 'react';
import type { EditorServices } from '../../editor/commands/types';
import type { EditorStore } from '../../editor/store';
import { moveStep, type StepId } from '../../model';
import { computeDrop, type Drop } from './drop';
import type { ListRow, ListStructure } from './rows';
import { INDENT, PAD_LEFT, ROW_HEIGHT } from './StepListRow';
import { runEdit } from './run-edit';

export const DRAG_MIME = 'application/x-flowbench-step';
/** Distance from the scroll container's edge where dragging scrolls, and by how much per dragover. */
const EDGE = 32;
const SCROLL_STEP = 16;

interface Options {
  rows: readonly ListRow[];
  structure: ListStructure;
  enabled: boolean;
  treeRef: RefObject<HTMLDivElement | null>;
  scrollRef: RefObject<HTMLDivElement | null>;
  store: EditorStore;
  services: Pick<EditorServices, 'notify'>;
}

function sameDrop(a: Drop | null, b: Drop | null): boolean {
  return (
    a === b ||
    (!!a &&
      !!b &&
      a.gap === b.gap &&
      a.depth === b.depth &&
      a.into === b.into &&
      a.slot.parent === b.slot.parent &&
      a.slot.branch === b.slot.branch &&
      a.slot.index === b.slot.index)
  );
}

export function useRowDrag({ rows, structure, enabled, treeRef, scrollRef, store, services }: Options) {
  const [draggedId, setDraggedId] = useState<StepId | null>(null);
  const [indicator, setIndicator] = useState<Drop | null>(null);
  const dragged = useRef<StepId | null>(null);

  const clear = () => {
    dragged.current = null;
    setDraggedId(null);
    setIndicator(null);
  };

  const dropAt = (e: DragEvent): Drop | null => {
    const tree = treeRef.current;
    const id = dragged.current;
    if (!tree || !id) return null;
    const rect = tree.getBoundingClientRect();
    return computeDrop(rows, structure, id, {
      row: (e.clientY - rect.top) / ROW_HEIGHT,
      depth: (e.clientX - rect.left - PAD_LEFT) / INDENT,
    });
  };

  const autoScroll = (e: DragEvent) => {
    const el = scrollRef.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    if (e.clientY < rect.top + EDGE) el.scrollTop -= SCROLL_STEP;
    else if (e.clientY > rect.bottom - EDGE) el.scrollTop += SCROLL_STEP;
  };

  return {
    draggedId,
    indicator,
    dragStart(row: ListRow, e: DragEvent) {
      if (!enabled || row.kind !== 'step') {
        e.preventDefault();
        return;
      }
      e.dataTransfer.setData(DRAG_MIME, row.stepId);
      e.dataTransfer.setData('text/plain', row.stepId);
      e.dataTransfer.effectAllowed = 'move';
      dragged.current = row.stepId;
      setDraggedId(row.stepId);
    },
    dragEnd: clear,
    containerProps: {
      onDragOver(e: DragEvent) {
        if (!dragged.current) return;
        autoScroll(e);
        const drop = dropAt(e);
        setIndicator((prev) => (sameDrop(prev, drop) ? prev : drop));
        if (!drop) return; // not preventing the default tells the browser "no drop here"
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      },
      onDragLeave(e: DragEvent) {
        if (!(e.relatedTarget instanceof Node) || !e.currentTarget.contains(e.relatedTarget))
          setIndicator(null);
      },
      onDrop(e: DragEvent) {
        const id = dragged.current;
        const drop = dropAt(e);
        clear();
        if (!id || !drop) return;
        e.preventDefault();
        runEdit(store, services, 'list.move', (f) => moveStep(f, id, drop.slot), { select: [id] });
      },
    },
  };
}
