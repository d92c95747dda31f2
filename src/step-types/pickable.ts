/**
 * Which modules a step picker offers. Both pickers (the palette's "Add step" and the canvas palette) use
 * this, so they agree: a backend's structural modules (block syntax such as else / end markers, which come
 * with their block) are never offered, and triggers are not offered where a step goes into a slot after
 * another step (only a step with an input fits there).
 */
import type { Capabilities } from '../backends/types';
import type { ModuleDefinition } from '../model/modules';

export function pickableModules(
  modules: readonly ModuleDefinition[],
  capabilities: Pick<Capabilities, 'structuralModules'>,
  opts: { intoSlot: boolean },
): ModuleDefinition[] {
  const structural = new Set(capabilities.structuralModules ?? []);
  return modules.filter((m) => !structural.has(m.id) && !(opts.intoSlot && m.kind === 'trigger'));
}
