/**
 * References to other steps' outputs, run inputs and system variables, embedded in parameter strings in the
 * active backend's syntax. Each backend dialect provides one `ReferenceSyntax`; everything else (validation,
 * rename, picker, autocomplete, the engine) goes through it.
 *
 * The implementations live in `references/` (one file per dialect); this file is only the contract.
 */
import type { StepId } from './flow';

export type ReferenceTarget =
  | { kind: 'step'; stepId: StepId; path: string[] }
  | { kind: 'input'; name: string; path: string[] }
  | { kind: 'system'; name: string; path: string[] };

export interface FoundReference {
  target: ReferenceTarget;
  /** The exact text matched, and where, so rename can rewrite it in place. */
  raw: string;
  start: number;
  end: number;
}

export interface StepNaming {
  /** Dialects that reference steps by title (viaSocket) need the title; by id ones ignore it. */
  titleOf(stepId: StepId): string | undefined;
  idOfTitle(title: string): StepId | undefined;
}

export interface ReferenceSyntax {
  dialect: string;
  /** Every reference in a string, in order. Never throws: text that is not a reference is ignored. */
  find(text: string, naming: StepNaming): FoundReference[];
  /** The text that refers to a target, as the backend expects it. */
  format(target: ReferenceTarget, naming: StepNaming): string;
  /** The prefix that starts a reference while typing, for autocomplete (`{{`, `${`). */
  trigger: string;
  /**
   * How step references name their step. `title` dialects (viaSocket) must rewrite references when a step is
   * renamed and need unique titles; absent means `id`.
   */
  refersToStepsBy?: 'id' | 'title';
  /** The backend's system variables (`{{sys.now}}`, vFlow's `{{current_time}}`), offered by the reference picker. */
  systemVariables?: ReadonlyArray<{ name: string; type: 'string' | 'number' | 'boolean' | 'dictionary' | 'list' | 'any' }>;
}
