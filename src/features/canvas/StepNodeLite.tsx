/**
 * A step when the canvas is zoomed out: the same box as the full card (so nothing re-measures when the level
 * of detail switches), with no handles, no port subtree, no summary, no translation hook: the module icon and
 * the title in a large type that stays legible at that zoom. Selection shows through React Flow's `selected`
 * class, hover through CSS, and the run status colours the whole card (one selector per step).
 */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useEditor, useEditorShallow } from '../../editor/context';
import type { StepKind } from '../../model/flow';
import { iconFor, stepDisplayTitle } from '../../step-types/presentation';
import { useCanvasActions } from './canvas-context';
import { countStepNodeRender } from './format';
import type { StepFlowNode } from './node-cache';

const EMPTY: readonly unknown[] = [];

function StepNodeLiteView({ id }: NodeProps<StepFlowNode>) {
  countStepNodeRender(id);
  const { modules, language } = useCanvasActions();
  const [title, kind, type, disabled] = useEditorShallow((s) => {
    const step = s.flow.steps[id];
    return step ? [step.title, step.kind, step.type, step.disabled === true] : EMPTY;
  }) as [string, StepKind, string, boolean] | [];
  const status = useEditor((s) => s.run?.steps[id]?.status);
  if (kind === undefined) return null;
  const module = modules.get(type ?? '');
  const shown = stepDisplayTitle({ title: title ?? '', type: type ?? '' }, module, language) || id;
  const cls = ['fb-node', 'fb-node--lite', `fb-node--${kind}`, disabled && 'fb-node--disabled', status && `fb-node--run-${status}`].filter(Boolean).join(' ');
  return (
    <div className={cls} data-step-id={id} data-testid={`canvas-node-${id}`} data-status={status}>
      <span className="fb-node__icon" aria-hidden="true">
        {iconFor({ kind }, module)}
      </span>
      <span className="fb-node__title">{shown}</span>
    </div>
  );
}

export const StepNodeLite = memo(StepNodeLiteView);
