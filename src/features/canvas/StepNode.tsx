/**
 * One step on the canvas. Memoised, and it reads only what it shows from the store (title, kind, type, params,
 * disabled, its run status): a drag of another node, a keystroke elsewhere or an event for another step does
 * not re-render it. React Flow's node `data` holds nothing but the id.
 */
import { memo, useEffect, useState, type ReactNode } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorShallow } from '../../editor/context';
import type { SourceHandle, StepKind } from '../../model/flow';
import { SOURCE_HANDLES } from './node-geometry';
import { iconFor, stepDisplayTitle, summaryOf } from '../../step-types/presentation';
import type { StepStatus } from '../../backends/trace';
import { useCanvasActions } from './canvas-context';
import { countStepNodeRender, formatElapsed } from './format';
import type { StepFlowNode } from './node-cache';

const STATUS_ICON: Record<StepStatus, string> = {
  queued: '○',
  running: '◌',
  succeeded: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '⊘',
};

const EMPTY: readonly unknown[] = [];

function StepNodeView({ id }: NodeProps<StepFlowNode>) {
  countStepNodeRender(id);
  const { t, i18n } = useTranslation('canvas');
  const { modules } = useCanvasActions();
  // Everything but the position: a node re-renders for its position through React Flow's props only.
  const [title, kind, type, params, disabled] = useEditorShallow((s) => {
    const step = s.flow.steps[id];
    return step ? [step.title, step.kind, step.type, step.params, step.disabled === true] : EMPTY;
  }) as [string, StepKind, string, Record<string, unknown>, boolean] | [];
  if (kind === undefined) return null;

  const module = modules.get(type ?? '');
  const summary = summaryOf({ id, kind, type: type ?? '', title: title ?? '', params: params ?? {} });
  const displayTitle = stepDisplayTitle({ title: title ?? '', type: type ?? '' }, module, i18n.language === 'zh' ? 'zh' : 'en') || id;

  return (
    <div className={`fb-node fb-node--${kind}${disabled ? ' fb-node--disabled' : ''}`} data-step-id={id} data-testid={`canvas-node-${id}`}>
      {kind !== 'trigger' && (
        <Handle
          type="target"
          position={Position.Top}
          id="in"
          className="fb-handle fb-handle--in"
          role="button"
          aria-label={t('handles.in', { title: displayTitle })}
        />
      )}
      <div className="fb-node__head">
        <span className="fb-node__icon" aria-hidden="true">
          {iconFor({ kind }, module)}
        </span>
        <span className="fb-node__title" title={displayTitle}>
          {displayTitle}
        </span>
        {disabled && <span className="fb-node__tag">{t('node.disabled')}</span>}
        <RunBadge id={id} />
      </div>
      {summary && <div className="fb-node__summary">{summary}</div>}
      {SOURCE_HANDLES[kind].map((h) => (
        <SourceHandleView key={h.id} handle={h.id} left={h.left} title={displayTitle} labelled={kind === 'if' || kind === 'loop'} />
      ))}
      {kind === 'loop' && <EmptyBodyButton id={id} title={displayTitle} />}
    </div>
  );
}

function SourceHandleView({ handle, left, title, labelled }: { handle: SourceHandle; left: number; title: string; labelled: boolean }) {
  const { t } = useTranslation('canvas');
  const name = t(`handles.${handle}`);
  return (
    <Handle
      type="source"
      position={Position.Bottom}
      id={handle}
      className={`fb-handle fb-handle--${handle}`}
      style={{ left: `${left}%` }}
      // A connection point one can click or drag from: named, and announced as a control.
      role="button"
      aria-label={t('handles.sourceLabel', { title, handle: name })}
    >
      {labelled && (
        <span className="fb-handle__label" aria-hidden="true">
          {name}
        </span>
      )}
    </Handle>
  );
}

/**
 * An empty loop body has no edge to put a step on (the body's first step is what the body edge points at),
 * so a block flow's empty loop offers its own "+" under the body outlet.
 */
function EmptyBodyButton({ id, title }: { id: string; title: string }) {
  const { t } = useTranslation('canvas');
  const { openPicker } = useCanvasActions();
  const empty = useEditor((s) => s.flow.structure === 'blocks' && (s.flow.steps[id]?.branches?.body?.length ?? 0) === 0);
  if (!empty) return null;
  return (
    <button
      type="button"
      className="fb-node__add-body nodrag"
      style={{ left: `${SOURCE_HANDLES.loop[0]!.left}%` }}
      aria-label={t('node.addToBody', { title })}
      title={t('node.addToBody', { title })}
      data-testid={`canvas-add-body-${id}`}
      onClick={(e) => {
        e.stopPropagation();
        openPicker({ kind: 'slot', slot: { parent: id, branch: 'body', index: 0 } });
      }}
    >
      +
    </button>
  );
}

/** Run status of the step in the run being shown, with its elapsed time (live while running). */
function RunBadge({ id }: { id: string }) {
  const { t } = useTranslation('canvas');
  const status = useEditor((s) => s.run?.steps[id]?.status);
  const duration = useEditor((s) => s.run?.steps[id]?.durationMs ?? null);
  const startedAt = useEditor((s) => s.run?.steps[id]?.startedAt ?? null);
  if (!status) return null;
  let elapsed: ReactNode = null;
  if (status === 'running' && startedAt !== null) elapsed = <LiveElapsed since={startedAt} />;
  else if (duration !== null) elapsed = formatElapsed(duration, t);
  return (
    <span className={`fb-badge fb-badge--${status}`} role="status" aria-label={t(`status.${status}`)} title={t(`status.${status}`)}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span>
      {elapsed !== null && <span className="fb-badge__time">{elapsed}</span>}
    </span>
  );
}

function LiveElapsed({ since }: { since: number }) {
  const { t } = useTranslation('canvas');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return <>{formatElapsed(now - since, t)}</>;
}

export const StepNode = memo(StepNodeView);
