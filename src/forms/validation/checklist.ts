/**
 * The flow checklist: which steps are incomplete (required params missing) or invalid, and why. Pure, so the
 * checklist panel, the run button guard and tests share it.
 */
import type { FieldSpec, LocalizedText } from '../model/types';
import type { FieldMessage } from './messages';
import { fieldAt, validateParams, type ReferenceCheck, type ValidateOptions } from './validateParams';

export interface StepCheckInput {
  stepId: string;
  title: string;
  fields: FieldSpec[];
  values: Record<string, unknown>;
  /** Compiled-validator cache key, normally the module id. */
  moduleId?: string;
  /** This step's references (its own candidates: what runs before it). Falls back on the shared one. */
  references?: ReferenceCheck;
}

export interface ChecklistProblem {
  /** Field path, e.g. `url` or `target.host`; focus the widget `${idPrefix}-${path}`. */
  path: string;
  /** Labels from the top-level field down to the one at fault. */
  labels: LocalizedText[];
  kind: 'missing' | 'invalid';
  message: FieldMessage;
}

export interface ChecklistItem {
  stepId: string;
  title: string;
  problems: ChecklistProblem[];
}

function labelsFor(fields: FieldSpec[], path: string): LocalizedText[] {
  const segs = path.split('.');
  const labels: LocalizedText[] = [];
  for (let i = 1; i <= segs.length; i++) {
    const f = fieldAt(fields, segs.slice(0, i).join('.'));
    if (f && !/^\d+$/.test(segs[i - 1] ?? '')) labels.push(f.label);
  }
  return labels.length > 0 ? labels : [{ text: path }];
}

/** The step's problems, or null when every required param is set and every value is valid. */
export function checkStep(step: StepCheckInput, options: ValidateOptions = {}): ChecklistItem | null {
  const errors = validateParams(step.fields, step.values, {
    moduleId: step.moduleId ?? options.moduleId,
    references: step.references ?? options.references,
  });
  const problems = Object.entries(errors).map(
    ([path, message]): ChecklistProblem => ({
      path,
      labels: labelsFor(step.fields, path),
      kind: message.code === 'required' ? 'missing' : 'invalid',
      message,
    }),
  );
  return problems.length === 0 ? null : { stepId: step.stepId, title: step.title, problems };
}

/** Steps with problems, in the order given (the caller passes flow order). */
export function checklist(steps: StepCheckInput[], options: Omit<ValidateOptions, 'moduleId'> = {}): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  for (const s of steps) {
    const item = checkStep(s, options);
    if (item) out.push(item);
  }
  return out;
}
