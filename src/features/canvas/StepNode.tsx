/**
 * One step on the canvas. Memoised, and it reads only what it shows from the store (title, kind, type, params,
 * disabled, its run status): a drag of another node, a keystroke elsewhere or an event for another step does
 * not re-render it. React Flow's node `data` holds nothing but the id.
 */
import { memo, useEffect, useState, type ReactNode } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorShallow } from '../../editor/context';
import type { PortDefinition, StepKind, StepPorts } from '../../model/flow';
import { portsOf } from '../../model/ports';
import { placePorts, SOURCE_HANDLES } from './node-geometry';
import { iconFor, stepDisplayTitle } from '../../step-types/presentation';
import { lookupOf, stepSummary, useReferenceSyntax } from '../../step-types/reference-display';
import type { StepStatus } from '../../backends/trace';
import { elapsedAt, useRunClock } from '../runs/run-clock';
import { useCanvasActions } from './canvas-context';
import { countStepNodeRender, formatElapsed } from './format';
import type { StepFlowNode } from './node-cache';
import { StepDebugMarks } from '../debugger/StepDebugMarks';

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
  const [title, kind, type, disabled, ownPorts] = useEditorShallow((s) => {
    const step = s.flow.steps[id];
    return step ? [step.title, step.kind, step.type, step.disabled === true, step.ports] : EMPTY;
  }) as [string, StepKind, string, boolean, StepPorts | undefined] | [];
  const module = modules.get(type ?? '');
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  const syntax = useReferenceSyntax();
  // A string selector: the node re-renders when its summary's text changes (a referenced step renamed).
  const summary = useEditor((s) => {
    const step = s.flow.steps[id];
    return step ? stepSummary(s.flow, step, syntax, lookupOf(modules), language) : '';
  });
  const ports = kind === undefined ? null : portsOf({ kind, ports: ownPorts }, module);
  usePortsChanged(id, ports);
  if (kind === undefined || !ports) return null;

  const displayTitle = stepDisplayTitle({ title: title ?? '', type: type ?? '' }, module, language) || id;

  return (
    <div className={`fb-node fb-node--${kind}${disabled ? ' fb-node--disabled' : ''}`} data-step-id={id} data-testid={`canvas-node-${id}`}>
      {placePorts(ports.inputs).map(({ port, left }) =>
        ports.inputs.length === 1 && port.id === 'in' ? (
          <Handle
            key={port.id}
            type="target"
            position={Position.Top}
            id="in"
            className="fb-handle fb-handle--in"
            role="button"
            aria-label={t('handles.in', { title: displayTitle })}
          />
        ) : (
          <PortHandle key={port.id} type="target" port={port} left={left} title={displayTitle} labelled />
        ),
      )}
      <div className="fb-node__head">
        <span className="fb-node__icon" aria-hidden="true">
          {iconFor({ kind }, module)}
        </span>
        <span className="fb-node__title" title={displayTitle}>
          {displayTitle}
        </span>
        {disabled && <span className="fb-node__tag">{t('node.disabled')}</span>}
        <StepDebugMarks stepId={id} title={displayTitle} />
        <RunBadge id={id} />
      </div>
      {summary && <div className="fb-node__summary">{summary}</div>}
      <NodeStatus id={id} />
      {placePorts(ports.outputs).map(({ port, left }) => (
        <PortHandle
          key={port.id}
          type="source"
          port={port}
          left={left}
          title={displayTitle}
          labelled={ports.outputs.length > 1 || kind === 'if' || kind === 'loop'}
        />
      ))}
      {kind === 'loop' && <EmptyBodyButton id={id} title={displayTitle} />}
    </div>
  );
}

/** React Flow measures handles once: when a step's ports change (a switch with one more rule), measure again so edges re-route. */
function usePortsChanged(id: string, ports: StepPorts | null): void {
  const update = useUpdateNodeInternals();
  const key = ports ? `${ports.inputs.map((p) => p.id).join(',')}|${ports.outputs.map((p) => p.id).join(',')}` : '';
  const [seen, setSeen] = useState(key);
  useEffect(() => {
    if (key === seen) return;
    setSeen(key);
    update(id);
  }, [key, seen, id, update]);
}

const BUILT_IN_PORTS = new Set(['in', 'out', 'true', 'false', 'body', 'after']);

/** A port's name: its own label, else the built-in name of the branch ports, else its id. */
function usePortName(port: PortDefinition): string {
  const { t, i18n } = useTranslation('canvas');
  if (port.label) return i18n.language === 'zh' ? port.label.text : (port.label.en ?? port.label.text);
  return BUILT_IN_PORTS.has(port.id) ? t(`handles.${port.id}`) : port.id;
}

function PortHandle({
  type,
  port,
  left,
  title,
  labelled,
}: {
  type: 'source' | 'target';
  port: PortDefinition;
  left: number;
  title: string;
  labelled: boolean;
}) {
  const { t } = useTranslation('canvas');
  const name = usePortName(port);
  const cls = BUILT_IN_PORTS.has(port.id) ? `fb-handle--${port.id}` : `fb-handle--port fb-handle--${type === 'source' ? 'out' : 'in'}put`;
  return (
    <Handle
      type={type}
      position={type === 'source' ? Position.Bottom : Position.Top}
      id={port.id}
      className={`fb-handle ${cls}`}
      style={{ left: `${left}%` }}
      // A connection point one can click or drag from: named, and announced as a control.
      role="button"
      aria-label={t(type === 'source' ? 'handles.sourceLabel' : 'handles.targetLabel', { title, handle: name })}
      data-port={port.id}
      title={port.types?.length ? `${name}: ${port.types.join(' | ')}` : undefined}
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
  const { openPicker, readOnly } = useCanvasActions();
  const empty = useEditor((s) => s.flow.structure === 'blocks' && (s.flow.steps[id]?.branches?.body?.length ?? 0) === 0);
  if (!empty || readOnly) return null;
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
  if (status === 'running' && startedAt !== null) elapsed = <RunningElapsed since={startedAt} />;
  else if (duration !== null) elapsed = formatElapsed(duration, t);
  return (
    <span className={`fb-badge fb-badge--${status}`} role="status" aria-label={t(`status.${status}`)} title={t(`status.${status}`)}>
      <span aria-hidden="true">{STATUS_ICON[status]}</span>
      {elapsed !== null && <span className="fb-badge__time">{elapsed}</span>}
    </span>
  );
}

/**
 * The engine's status line for the node (`step-status`: Node-RED's node status), under the node as Node-RED
 * draws it, so it changes no node geometry. A polite live region: it changes while the flow works.
 */
function NodeStatus({ id }: { id: string }) {
  const line = useEditor((s) => s.run?.steps[id]?.statusLine);
  if (!line) return null;
  return (
    <div className="fb-node__status" data-testid={`node-status-${id}`} data-fill={line.fill} aria-live="polite">
      {line.fill && (
        <span
          className={`fb-node__status-dot fb-node__status-dot--${line.fill}${line.shape === 'ring' ? ' fb-node__status-dot--ring' : ''}`}
          aria-hidden="true"
        />
      )}
      <span className="fb-node__status-text">{line.text}</span>
    </div>
  );
}

/** Ticks with the live run; in a replay it reads the time at the scrubber's event, never time since the run. */
function RunningElapsed({ since }: { since: number }) {
  const { t } = useTranslation('canvas');
  const elapsed = elapsedAt(since, useRunClock(true));
  return elapsed === null ? null : <>{formatElapsed(elapsed, t)}</>;
}

export const StepNode = memo(StepNodeView);
