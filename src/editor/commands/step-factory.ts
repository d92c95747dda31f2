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
  // A backend without else (vFlow with no else module) gets an if with a then branch only.
  const noElse = module.extensions?.elseBranch === false || (module.ports !== undefined && !module.ports.outputs.some((p) => p.id === 'false'));
  if (module.kind === 'if') step.branches = noElse ? { then: [] } : { then: [], else: [] };
  if (module.kind === 'loop') step.branches = { body: [] };
  return step;
}
