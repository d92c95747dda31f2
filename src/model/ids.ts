import { nanoid } from 'nanoid';
import type { StepId } from './flow';

/** A fresh, URL-safe id such as `note_V1StGXR8_Z`. The prefix only helps humans reading documents and logs. */
export function newId(prefix: string): string {
  return `${prefix}_${nanoid(10)}`;
}

export function newStepId(): StepId {
  return newId('step');
}
