/**
 * One row of the list. A step row subscribes to its own step record, its own selection flag and its own run
 * state and nothing else, so an edit, a selection change or a trace event re-renders only the rows it
 * concerns. Everything the row can do goes through `RowActions` (one stable object from the list).
 */
import {
  createContext,
  memo,
  useCallback,
  useContext,
  useRef,
  type DragEvent,
  type MouseEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import type { StepId } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { iconFor, stepDisplayTitle } from '../../step-types/presentation';
import { stepSummary, useReferenceSyntax } from '../../step-types/reference-display';
import { RunBadge } from './RunBadge';
import { StepDebugMarks } from '../debugger/StepDebugMarks';
import type { BlockKind, ListRow } from './rows';

export const ROW_HEIGHT = 32;
export const INDENT = 20;
/** Left padding before depth 0 (the drop computation measures depth from here). */
export const PAD_LEFT = 8;

export interface RowActions {
  register(key: string, el: HTMLElement | null): void;
  click(row: ListRow, e: MouseEvent): void;
  open(row: ListRow): void;
  toggle(row: ListRow): void;
  addHere(row: ListRow): void;
  /** `null` cancels. */
  finishRename(id: StepId, title: string | null): void;
  dragStart(row: ListRow, e: DragEvent): void;
  dragEnd(): void;
  moduleOf(type: string): ModuleDefinition | undefined;
}

export const RowActionsContext = createContext<RowActions | null>(null);

function useRowActions(): RowActions {
  const actions = useContext(RowActionsContext);
  if (!actions) throw new Error('StepListRow must be rendered inside the StepListView');
  return actions;
}

export function rowDomId(key: string): string {
  return `fb-sl-row-${key.replace(/[^\w-]/g, '_')}`;
}

function Rails({ rails }: { rails: readonly BlockKind[] }) {
  return (
    <>
      {rails.map((kind, i) => (
        <span key={i} className={`fb-sl-rail fb-sl-rail-${kind}`} aria-hidden="true" />
      ))}
    </>
  );
}

export interface RowProps {
  row: ListRow;
  top: number;
  active: boolean;
  renaming: boolean;
  draggable: boolean;
  dragging: boolean;
}

export const StepListRow = memo(function StepListRow(props: RowProps) {
  switch (props.row.kind) {
    case 'step':
      return <StepItem {...props} />;
    case 'empty':
      return <EmptyBranchItem {...props} />;
    default:
      return <BlockLabel row={props.row} top={props.top} />;
  }
});

function StepItem({ row, top, active, renaming, draggable, dragging }: RowProps) {
  const { t, i18n } = useTranslation('stepList');
  const actions = useRowActions();
  const id = row.stepId;
  const step = useEditor((s) => s.flow.steps[id]);
  const selected = useEditor((s) => s.selection.includes(id));
  const run = useEditor((s) => s.run?.steps[id]);
  const syntax = useReferenceSyntax();
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  // A string selector, so a rename of a referenced step updates this row's summary.
  const summary = useEditor((s) => {
    const st = s.flow.steps[id];
    return st ? stepSummary(s.flow, st, syntax, actions.moduleOf, language) : '';
  });
  const register = useCallback(
    (el: HTMLDivElement | null) => actions.register(row.key, el),
    [actions, row.key],
  );

  const title = step
    ? stepDisplayTitle(step, actions.moduleOf(step.type), i18n.language === 'zh' ? 'zh' : 'en') || t('untitled')
    : t('missingStep', { id });
  const isBlock = !!row.blockKind;
  const classes = [
    'fb-sl-row',
    'fb-sl-step',
    isBlock ? `fb-sl-head fb-sl-head-${row.blockKind}` : '',
    selected ? 'is-selected' : '',
    step?.disabled ? 'is-disabled' : '',
    dragging ? 'is-dragging' : '',
    !step ? 'is-missing' : '',
  ];
  return (
    <div
      ref={register}
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={isBlock ? !row.collapsed : undefined}
      aria-description={row.branch === 'else' ? t('inElse') : undefined}
      tabIndex={active ? 0 : -1}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      data-step-id={id}
      data-depth={row.depth}
      draggable={draggable && !renaming}
      onDragStart={(e) => actions.dragStart(row, e)}
      onDragEnd={actions.dragEnd}
      onClick={(e) => actions.click(row, e)}
      onDoubleClick={() => actions.open(row)}
    >
      <Rails rails={row.rails} />
      {isBlock ? (
        <button
          type="button"
          tabIndex={-1}
          className="fb-sl-toggle"
          onMouseDown={(e) => e.preventDefault()}
          aria-label={t(row.collapsed ? 'toggle.expand' : 'toggle.collapse', { title })}
          onClick={(e) => {
            e.stopPropagation();
            actions.toggle(row);
          }}
        >
          <span aria-hidden="true">{row.collapsed ? '▸' : '▾'}</span>
        </button>
      ) : (
        <span className="fb-sl-toggle-space" aria-hidden="true" />
      )}
      <span className="fb-sl-icon" aria-hidden="true">
        {step ? iconFor(step, actions.moduleOf(step.type)) : '?'}
      </span>
      {renaming && step ? (
        <RenameField id={id} title={step.title} />
      ) : (
        <span className="fb-sl-title">{title}</span>
      )}
      {!renaming && summary && <span className="fb-sl-summary">{summary}</span>}
      {!renaming && <IncomingPorts id={id} />}
      {row.collapsed && <span className="fb-sl-count">{t('hidden', { count: row.hiddenCount })}</span>}
      {step?.disabled && <span className="fb-sl-tag">{t('disabled')}</span>}
      <span className="fb-sl-spacer" />
      {step && <StepDebugMarks stepId={id} title={title} />}
      {run && <RunBadge run={run} />}
    </div>
  );
}

/**
 * A graph flow's list is flat: each row names where its inputs come from (source step, and the ports when
 * they are not the plain `out` → `in`), so a branching graph still reads in the list.
 */
function IncomingPorts({ id }: { id: StepId }) {
  const { t, i18n } = useTranslation('stepList');
  const actions = useRowActions();
  // One string per render: the row re-renders only when its inputs change.
  const text = useEditor((s) => {
    if (s.flow.structure !== 'graph') return '';
    const items: string[] = [];
    for (const e of s.flow.edges) {
      if (e.target !== id) continue;
      const src = s.flow.steps[e.source];
      const source = src ? stepDisplayTitle(src, actions.moduleOf(src.type), i18n.language === 'zh' ? 'zh' : 'en') || src.id : e.source;
      items.push(
        e.sourcePort === 'out' && e.targetPort === 'in'
          ? t('incomingItem', { source })
          : t('incomingItemPorts', { source, from: e.sourcePort, to: e.targetPort }),
      );
    }
    return items.join(', ');
  });
  if (!text) return null;
  return (
    <span className="fb-sl-summary fb-sl-incoming" data-testid="step-incoming" title={t('incomingLabel', { list: text })}>
      {t('incoming', { list: text })}
    </span>
  );
}

function RenameField({ id, title }: { id: StepId; title: string }) {
  const { t } = useTranslation('stepList');
  const actions = useRowActions();
  // Enter, Escape and blur can all end the edit; only the first one counts.
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    actions.finishRename(id, value);
  };
  return (
    <input
      className="fb-sl-rename"
      aria-label={t('rename')}
      defaultValue={title}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault();
          e.stopPropagation();
          finish(e.currentTarget.value);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish(null);
        }
      }}
      onBlur={(e) => finish(e.currentTarget.value)}
    />
  );
}

function EmptyBranchItem({ row, top, active }: RowProps) {
  const { t } = useTranslation('stepList');
  const actions = useRowActions();
  const register = useCallback(
    (el: HTMLDivElement | null) => actions.register(row.key, el),
    [actions, row.key],
  );
  return (
    <div
      ref={register}
      id={rowDomId(row.key)}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={false}
      tabIndex={active ? 0 : -1}
      className="fb-sl-row fb-sl-empty"
      style={{ transform: `translateY(${top}px)` }}
      data-empty-branch={row.branch ?? undefined}
      data-block-id={row.stepId}
      onClick={(e) => actions.click(row, e)}
    >
      <Rails rails={row.rails} />
      <span className="fb-sl-toggle-space" aria-hidden="true" />
      <button
        type="button"
        tabIndex={-1}
        className="fb-sl-add-inline"
        onMouseDown={(e) => e.preventDefault()}
        onClick={(e) => {
          e.stopPropagation();
          actions.addHere(row);
        }}
      >
        {t('emptyBranch')}
      </button>
    </div>
  );
}

/** Else and end rows: labels that close or split a block; not steps, so neither focusable nor selectable. */
function BlockLabel({ row, top }: { row: ListRow; top: number }) {
  const { t } = useTranslation('stepList');
  const label =
    row.kind === 'else' ? t('block.else') : row.blockKind === 'loop' ? t('block.endLoop') : t('block.endIf');
  return (
    <div
      aria-hidden="true"
      className={`fb-sl-row fb-sl-${row.kind} fb-sl-${row.kind}-${row.blockKind ?? 'if'}`}
      style={{ transform: `translateY(${top}px)` }}
      data-block-id={row.stepId}
      data-row={row.kind}
    >
      <Rails rails={row.rails} />
      <span className={`fb-sl-corner fb-sl-rail-${row.blockKind ?? 'if'}`} />
      <span className="fb-sl-label">{label}</span>
    </div>
  );
}
