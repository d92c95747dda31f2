/** A new step from a module definition: the kind decides which branches it owns. */
import type { Step } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';

export function createStepFromModule(
  module: ModuleDefinition,
  id: string,
  language: 'en' | 'zh',
  defaults: Record<string, unknown> = {},
): Step {
  const title = language === 'en' ? (module.name.en ?? module.name.text) : module.name.text;
  const step: Step = { id, kind: module.kind, type: module.id, title, params: { ...defaults } };
  if (module.kind === 'if') step.branches = { then: [], else: [] };
  if (module.kind === 'loop') step.branches = { body: [] };
  return step;
}
