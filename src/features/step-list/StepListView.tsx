/**
 * The indented step list (vFlow-style): the flow of the store in context as a virtualised, keyboard- and
 * drag-editable tree. Fills its parent.
 *
 * The list subscribes to the flow's *shape* (rows change only on structure edits), the collapse state and
 * the focused step; rows subscribe to their own records. Structure edits go through `edit()` with model
 * operations or through the commands (Tab / Shift+Tab / Alt+Arrow / Delete are dispatched by the app shell,
 * which finds this view by `data-region="list"`), never by rewriting the flow here.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { renameStep, syntaxFor, type Flow, type ModuleDefinition, type Slot, type StepId } from '../../model';
import { createShapeSelector } from './structure-selector';
import {
  ancestorIds,
  buildStructure,
  firstNavigable,
  isNavigable,
  nextNavigable,
  reuseRows,
  stepIdsBetween,
  visibleRows,
  type ListRow,
} from './rows';
import { INDENT, PAD_LEFT, ROW_HEIGHT, RowActionsContext, StepListRow, type RowActions } from './StepListRow';
import { useRowDrag } from './useRowDrag';
import { useRowFocus } from './useRowFocus';
import { keyAction } from './keyboard';
import { runEdit } from './run-edit';
import './stepList.css';

/** What the list registers as `services.list` while mounted. */
export interface StepListService {
  /** Reveal (expand, scroll to) a step's row and move keyboard focus to it. */
  focusRow(id: string): void;
  /**
   * Where the step picker should insert, when the user asked to add a step in an empty branch of the list
   * (there is no step for the new one to follow there). Null otherwise; reading it clears it.
   */
  insertionSlot(): Slot | null;
}

export const OPEN_STEP_EVENT = 'flowbench:open-step';

interface Reveal {
  id: StepId;
  focus: boolean;
  activate: boolean;
}

export function StepListView() {
  const { t } = useTranslation('stepList');
  const store = useEditorStore();
  const { services } = useCommands();
  const [shapeSelector] = useState(createShapeSelector);
  const shape = useEditor(shapeSelector);
  const collapsed = useEditor((s) => s.collapsed);
  const focused = useEditor((s) => s.focused);
  const revealStep = useEditor((s) => s.revealStep);
  const graph = shape.structure === 'graph';

  const structure = useMemo(() => buildStructure(shape.rows, graph), [shape, graph]);
  const previousRows = useRef<ListRow[]>([]);
  const rows = useMemo(
    () => reuseRows(previousRows.current, visibleRows(structure, collapsed)),
    [structure, collapsed],
  );
  useEffect(() => {
    previousRows.current = rows;
  }, [rows]);
  const indexOfKey = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);

  /** A row's index, or that of the collapsed block hiding it. */
  const visibleIndexOf = useCallback(
    (key: string | null): number => {
      if (key === null) return -1;
      const direct = indexOfKey.get(key);
      if (direct !== undefined) return direct;
      const stepId = key.split(':')[0] as StepId;
      for (const id of [stepId, ...ancestorIds(structure, stepId)]) {
        const i = indexOfKey.get(id);
        if (i !== undefined) return i;
      }
      return -1;
    },
    [indexOfKey, structure],
  );

  // The row that holds the tab stop (roving tabindex): the one the keyboard last moved to, else the focused
  // step, else the first row.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  // When the active row disappears (deleted, cut) the tab stop stays at the same place in the list.
  const lastActiveIndex = useRef(-1);
  let activeIndex = visibleIndexOf(activeKey);
  if (activeIndex < 0) activeIndex = visibleIndexOf(focused);
  if (activeIndex < 0 && lastActiveIndex.current >= 0 && rows.length > 0) {
    const near = Math.min(lastActiveIndex.current, rows.length - 1);
    activeIndex = isNavigable(rows[near]) ? near : nextNavigable(rows, near, -1);
    if (!isNavigable(rows[activeIndex])) activeIndex = -1;
  }
  if (activeIndex < 0) activeIndex = firstNavigable(rows);
  const activeRowKey = rows[activeIndex]?.key ?? null;
  useEffect(() => {
    lastActiveIndex.current = activeIndex;
  }, [activeIndex]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  // The active row is always rendered, even scrolled away, so keyboard focus never falls out of the list.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const base = defaultRangeExtractor(range);
      if (activeIndex >= 0 && activeIndex < range.count && !base.includes(activeIndex)) {
        base.push(activeIndex);
        base.sort((a, b) => a - b);
      }
      return base;
    },
    [activeIndex],
  );
  // Stable option functions: the virtualiser recomputes its 5,000 measurements when they change.
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 10,
    getItemKey,
    rangeExtractor,
  });

  const focus = useRowFocus(treeRef, (key) => indexOfKey.has(key), activeRowKey);

  // Revealing a step: expand the blocks hiding it, then (once its row exists) scroll to it.
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const requestReveal = useCallback(
    (r: Reveal) => {
      const s = store.getState();
      for (const id of ancestorIds(structure, r.id)) if (s.collapsed[id]) s.toggleCollapsed(id);
      setReveal(r);
    },
    [store, structure],
  );
  useEffect(() => {
    if (!reveal) return;
    const index = indexOfKey.get(reveal.id);
    if (index === undefined) return; // not placed, or its blocks are still expanding
    setReveal(null);
    if (reveal.activate) setActiveKey(reveal.id);
    if (reveal.focus) focus.want(reveal.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `focus` is a fresh object each render; its methods read refs
  }, [reveal, indexOfKey, virtualizer]);

  // Focus follows the selection, wherever it changed (canvas, search, undo): the row becomes the tab stop
  // and scrolls into view; it takes DOM focus only if the list had it.
  useEffect(() => {
    if (focused) requestReveal({ id: focused, focus: focus.listHasFocus(), activate: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a change of `focused` moves the list
  }, [focused]);
  useEffect(() => {
    if (revealStep) requestReveal({ id: revealStep, focus: false, activate: false });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a change of `revealStep` moves the list
  }, [revealStep]);

  // Adding in an empty branch: the picker asks `services.list.insertionSlot()` where to put the step.
  const pendingSlot = useRef<{ slot: Slot; focused: StepId | null } | null>(null);
  const latest = useRef({ requestReveal });
  latest.current = { requestReveal };
  useEffect(() => {
    const list: StepListService = {
      focusRow: (id) => latest.current.requestReveal({ id, focus: true, activate: true }),
      insertionSlot: () => {
        const pending = pendingSlot.current;
        pendingSlot.current = null;
        return pending && pending.focused === store.getState().focused ? pending.slot : null;
      },
    };
    services.list = list;
    return () => {
      if (services.list === list) delete services.list;
    };
  }, [services, store]);

  // A read-only flow: no drags, renames or inserts (the toolbar's badge says why).
  const readOnly = useEditor((s) => s.readOnly);
  const [renaming, setRenaming] = useState<StepId | null>(null);
  const anchor = useRef<string | null>(null);
  const drag = useRowDrag({ rows, structure, enabled: !graph && !readOnly, treeRef, scrollRef, store, services });

  const moveTo = (index: number, extend: boolean) => {
    const row = rows[index];
    if (!row) return;
    setActiveKey(row.key);
    focus.want(row.key);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const s = store.getState();
    if (row.kind === 'step') {
      const from = extend ? visibleIndexOf(anchor.current) : -1;
      if (from >= 0) s.select(stepIdsBetween(rows, from, index), row.stepId);
      else {
        anchor.current = row.key;
        s.select([row.stepId], row.stepId);
      }
    } else if (row.kind === 'empty' && !extend) {
      s.select([], null);
    }
  };

  const openStep = (id: StepId) => {
    store.getState().select([id], id);
    window.dispatchEvent(new CustomEvent(OPEN_STEP_EVENT, { detail: { stepId: id } }));
  };

  const addAt = (row: ListRow | null) => {
    if (readOnly) return;
    const s = store.getState();
    if (row?.kind === 'empty') {
      // Nothing to follow inside an empty branch: select its block and leave the exact slot for the picker.
      s.select([row.stepId], row.stepId);
      pendingSlot.current = {
        slot: { parent: row.stepId, branch: row.branch, index: 0 },
        focused: row.stepId,
      };
    } else {
      const last = lastRootStep(s.flow);
      s.select(last ? [last] : [], last);
      pendingSlot.current = null;
    }
    services.openStepPicker?.();
  };

  const modulesCache = useRef<{ list: ModuleDefinition[]; byId: Map<string, ModuleDefinition> } | null>(null);
  const actionsRef = useRef<RowActions | null>(null);
  const handlers: RowActions = {
    register: focus.register,
    click(row, e) {
      setActiveKey(row.key);
      if (row.kind !== 'step') return;
      const s = store.getState();
      if (e.shiftKey) {
        const from = visibleIndexOf(anchor.current);
        const to = indexOfKey.get(row.key) ?? -1;
        if (from >= 0 && to >= 0) return s.select(stepIdsBetween(rows, from, to), row.stepId);
      }
      anchor.current = row.key;
      if (e.ctrlKey || e.metaKey) {
        const has = s.selection.includes(row.stepId);
        s.select(
          has ? s.selection.filter((x) => x !== row.stepId) : [...s.selection, row.stepId],
          has ? s.focused : row.stepId,
        );
      } else s.select([row.stepId], row.stepId);
    },
    open: (row) => row.kind === 'step' && openStep(row.stepId),
    toggle: (row) => store.getState().toggleCollapsed(row.stepId),
    addHere: (row) => addAt(row),
    finishRename(id, title) {
      setRenaming(null);
      focus.want(id);
      const trimmed = title?.trim();
      if (!trimmed || trimmed === store.getState().flow.steps[id]?.title) return;
      runEdit(store, services, 'step.rename', (f) => renameStep(f, id, trimmed, syntaxFor(f.dialect)));
    },
    dragStart: drag.dragStart,
    dragEnd: drag.dragEnd,
    moduleOf(type) {
      const list = services.modules();
      if (modulesCache.current?.list !== list)
        modulesCache.current = { list, byId: new Map(list.map((m) => [m.id, m])) };
      return modulesCache.current.byId.get(type);
    },
  };
  // Rows get one stable object whose methods always run the latest handlers (memoised rows never re-render
  // for a new callback).
  const current = useRef(handlers);
  current.current = handlers;
  actionsRef.current ??= {
    register: (k, el) => current.current.register(k, el),
    click: (r, e) => current.current.click(r, e),
    open: (r) => current.current.open(r),
    toggle: (r) => current.current.toggle(r),
    addHere: (r) => current.current.addHere(r),
    finishRename: (id, title) => current.current.finishRename(id, title),
    dragStart: (r, e) => current.current.dragStart(r, e),
    dragEnd: () => current.current.dragEnd(),
    moduleOf: (type) => current.current.moduleOf(type),
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLInputElement || e.nativeEvent.isComposing) return;
    const action = keyAction(rows, activeIndex, e);
    if (!action) {
      // The shell's command dispatch gets the key; whatever it does (indent, delete, move), the active row
      // keeps keyboard focus if the edit re-mounts or removes it.
      focus.want(activeRowKey);
      return;
    }
    e.preventDefault();
    const s = store.getState();
    switch (action.type) {
      case 'move':
        return moveTo(action.index, action.extend);
      case 'expand':
      case 'collapse':
        return s.toggleCollapsed(action.id);
      case 'open':
        return openStep(action.id);
      case 'add':
        return addAt(action.row);
      case 'rename':
        if (s.flow.steps[action.id] && !readOnly) setRenaming(action.id);
        return;
    }
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="fb-sl" data-region="list" data-testid="step-list">
      {!shape.faithful && (
        <div className="fb-sl-note" role="note" data-testid="step-list-graph-note">
          <strong>{t('graphNote.title')}</strong> {t('graphNote.body')}
        </div>
      )}
      <div className="fb-sl-scroll" ref={scrollRef} {...drag.containerProps}>
        {rows.length === 0 ? (
          <p className="fb-sl-empty-flow">{t('emptyFlow')}</p>
        ) : (
          <RowActionsContext.Provider value={actionsRef.current}>
            <div
              ref={treeRef}
              role="tree"
              aria-label={t('treeLabel')}
              aria-multiselectable="true"
              className="fb-sl-tree"
              style={{ height: virtualizer.getTotalSize() }}
              onKeyDown={onKeyDown}
              {...focus.treeProps}
            >
              {items.map((item) => {
                const row = rows[item.index];
                if (!row) return null;
                return (
                  <StepListRow
                    key={row.key}
                    row={row}
                    top={item.start}
                    active={item.index === activeIndex}
                    renaming={renaming === row.stepId && row.kind === 'step'}
                    draggable={!graph && !readOnly}
                    dragging={drag.draggedId === row.stepId && row.kind === 'step'}
                  />
                );
              })}
              {drag.indicator && (
                <div
                  className={drag.indicator.into ? 'fb-sl-drop fb-sl-drop-into' : 'fb-sl-drop'}
                  data-testid="step-list-drop-indicator"
                  aria-hidden="true"
                  style={{
                    top: drag.indicator.gap * ROW_HEIGHT + (drag.indicator.into ? 0 : -1),
                    left: PAD_LEFT + drag.indicator.depth * INDENT + (drag.indicator.into ? 0 : INDENT),
                    height: drag.indicator.into ? ROW_HEIGHT : undefined,
                  }}
                />
              )}
            </div>
          </RowActionsContext.Provider>
        )}
        {shape.faithful && !readOnly && (
          <div className="fb-sl-footer">
            <button
              type="button"
              className="fb-sl-add"
              onClick={() => addAt(null)}
              data-testid="step-list-add"
            >
              <span aria-hidden="true">+</span> {t('addStep')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

const rowHeight = () => ROW_HEIGHT;

/** The step a new top-level step should follow: the last one of the list. */
function lastRootStep(flow: Flow): StepId | null {
  return flow.root[flow.root.length - 1] ?? null;
}
